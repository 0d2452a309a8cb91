// Comments are threaded (issue 15): a reply names the comment it answers, in the same review and area, or in
// the same escalation for an escalation's comments.
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { escalateSecurity, reviewed } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();

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

/** An escalation on security whose papers are shared, so its parties may comment. */
async function sharedEscalation() {
  const r = await reviewed(c, 3);
  const { e, target } = await escalateSecurity(c, r.key, 'Is the eTLD+1 collection acceptable?');
  await c.proposer.caller.escalation.writePaper({ ...target, body: 'Ship it.' });
  await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'Do not ship.' });
  await c.facilitators.security.caller.escalation.share(target);
  return { r, e, target };
}

describe('escalation comment threads', () => {
  it('a reply keeps the comment it answers; escalation.list returns the thread', async () => {
    const { r, target } = await sharedEscalation();
    const question = await c.owner.caller.escalation.comment({ ...target, body: 'What do the 90 days buy?' });
    expect(question.replyTo).toBeNull();
    const answer = await c.proposer.caller.escalation.comment({
      ...target,
      body: 'Trend data over a quarter.',
      replyTo: question.id,
    });
    expect(answer.replyTo).toBe(question.id);
    const [listed] = await c.proposer.caller.escalation.list({ review: r.key });
    expect(listed?.comments.map((x) => [x.body, x.replyTo])).toEqual([
      ['What do the 90 days buy?', null],
      ['Trend data over a quarter.', question.id],
    ]);
  });

  it('a reply into another escalation or to no comment is refused naming replyTo, and nothing is written', async () => {
    const { r, target } = await sharedEscalation();
    const other = await sharedEscalation();
    const elsewhere = await c.owner.caller.escalation.comment({ ...other.target, body: 'elsewhere' });
    await c.owner.caller.escalation.comment({ ...target, body: 'q' });
    for (const replyTo of [elsewhere.id, 9_999_999]) {
      const refused = await outcome(
        c.proposer.caller.escalation.comment({ ...target, body: 'answer', replyTo }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.details).toMatchObject({ field: 'replyTo' });
      expect(refused.message).toMatch(/repl/i);
    }
    const [listed] = await c.proposer.caller.escalation.list({ review: r.key });
    expect(listed?.comments.map((x) => x.body)).toEqual(['q']);
    const audited = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'escalation.commented')
      .where('subject', '=', `${r.key}:escalation:${target.escalationId}`)
      .execute();
    expect(audited).toHaveLength(1);
  });
});
