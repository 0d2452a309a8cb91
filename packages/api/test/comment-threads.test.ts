// Comments are threaded (issue 15): a reply names the comment it answers, in the same review and area.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import { type Cast, cast, reviewed } from '../../../test/review-fixtures.ts';

let t: TestDatabase;
let c: Cast;
beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
});
afterAll(() => t.drop());

describe('comment threads', () => {
  it('a reply keeps the comment it answers; review.get returns the thread', async () => {
    const r = await reviewed(c, 3);
    const question = await c.facilitators.security.caller.signOff.comment({
      review: r.key,
      area: 'security',
      body: 'Is the eTLD+1 hashed?',
    });
    expect(question.replyTo).toBeNull();
    const answer = await c.proposer.caller.signOff.comment({
      review: r.key,
      area: 'security',
      body: 'Yes, with a per-install salt.',
      replyTo: question.id,
    });
    expect(answer.replyTo).toBe(question.id);
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.comments.map((x) => [x.body, x.replyTo])).toEqual([
      ['Is the eTLD+1 hashed?', null],
      ['Yes, with a per-install salt.', question.id],
    ]);
  });

  it('a reply into another area, another review or to no comment is refused naming replyTo, and nothing is written', async () => {
    const r = await reviewed(c, 3);
    const other = await reviewed(c, 3);
    const onData = await c.facilitators.data.caller.signOff.comment({
      review: r.key,
      area: 'data',
      body: 'q',
    });
    const elsewhere = await c.facilitators.data.caller.signOff.comment({
      review: other.key,
      area: 'data',
      body: 'q',
    });
    for (const [area, replyTo] of [
      ['security', onData.id],
      ['data', elsewhere.id],
      ['data', 9_999_999],
    ] as const) {
      const refused = await outcome(
        c.proposer.caller.signOff.comment({ review: r.key, area, body: 'answer', replyTo }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.details).toMatchObject({ field: 'replyTo' });
      expect(refused.message).toMatch(/repl/i);
    }
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.comments.map((x) => x.body)).toEqual(['q']);
  });
});
