// Issue 13: the approved-areas triggers (migrations/0010) and review_facts' announcement state are gone
// from SQL (migrations/0026). Core decides both; the commands keep the column and refuse what the rule forbids.
import { areasApproved } from '@signoff/core';
import { loadReviewFacts, readStream } from '@signoff/db';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { reviewed } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();

/** What the lists read, and what core says of the same review's facts. */
async function approvedAreas(reviewId: number) {
  const row = await t.db
    .selectFrom('reviews')
    .select('approved_areas')
    .where('id', '=', reviewId)
    .executeTakeFirstOrThrow();
  const f = (await loadReviewFacts(t.db, [reviewId])).get(reviewId)!;
  return {
    column: [...row.approved_areas].sort(),
    core: areasApproved(f.signOffs, f.currentRevision ?? 0).sort(),
  };
}
const signOff = (
  area: 'privacy_technical' | 'data',
  decision: 'approved' | 'changes_requested',
  review: string,
) =>
  c.facilitators[area].caller.signOff.record({ review, area, risk: 'low', decision, rationale: 'Checked.' });

describe('approved areas', () => {
  it('no trigger keeps them any more', async () => {
    const { rows } = await sql<{ tgname: string }>`
      SELECT tgname FROM pg_trigger WHERE NOT tgisinternal
        AND tgrelid IN ('sign_offs'::regclass, 'reviews'::regclass) AND tgname LIKE '%approved_areas%'`.execute(
      t.db,
    );
    expect(rows).toEqual([]);
  });

  it('every command that records a sign-off or a revision stores core’s answer in its transaction', async () => {
    const r = await reviewed(c, 3);
    const expectAreas = async (areas: string[]) => {
      const now = await approvedAreas(r.id);
      expect(now.column).toEqual([...areas].sort());
      expect(now.core).toEqual(now.column);
    };
    await expectAreas([]);
    await signOff('privacy_technical', 'approved', r.key);
    await expectAreas(['privacy_technical']);
    await signOff('data', 'approved', r.key);
    await expectAreas(['privacy_technical', 'data']);
    // A new documentation revision makes every sign-off stale (SPEC 5).
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: 1,
      form: {
        ...(await c.proposer.caller.review.get({ review: r.key })).form,
        questionsAnswered: 'Which sites break, now with the retention period.',
      },
    });
    await expectAreas([]);
    await c.facilitators.privacy_technical.caller.signOff.reconfirm({
      review: r.key,
      area: 'privacy_technical',
    });
    await expectAreas(['privacy_technical']);
    await signOff('data', 'changes_requested', r.key);
    await expectAreas(['privacy_technical']);
    // The lists filter by the column: the review waits for data, not for privacy/technical.
    const waiting = async (areaWaiting: 'data' | 'privacy_technical') =>
      (await c.facilitators.data.caller.review.list({ areaWaiting })).items.map((x) => x.key);
    expect(await waiting('data')).toContain(r.key);
    expect(await waiting('privacy_technical')).not.toContain(r.key);
  });

  it('a sign-off written past the commands changes nothing: the database no longer computes the column', async () => {
    const r = await reviewed(c, 3);
    await t.db
      .insertInto('sign_offs')
      .values({
        review_id: r.id,
        area: 'data',
        revision: 1,
        facilitator_id: c.facilitators.data.id,
        risk: 'low',
        decision: 'approved',
        rationale: 'Written by hand.',
        trust_approval: false,
      })
      .execute();
    expect((await approvedAreas(r.id)).column).toEqual([]);
  });
});

describe('the announcement state', () => {
  const link = 'https://groups.google.com/a/mozilla.com/g/data-review/c/abc';
  const footprint = async (reviewId: number) => ({
    announcements: (
      await t.db.selectFrom('announcements').select('id').where('review_id', '=', reviewId).execute()
    ).length,
    mails: (
      await t.db
        .selectFrom('outbox')
        .select('id')
        .where('review_id', '=', reviewId)
        .where('kind', '=', 'announcement')
        .execute()
    ).length,
    events: (await readStream(t.db, `review:${reviewId}`)).length,
  });

  it('recorded by hand, a review is announced: sending it again is refused by core, naming the rule, and changes nothing', async () => {
    const r = await reviewed(c, 3);
    await c.proposer.caller.announcement.recordManual({ review: r.key, archiveLink: link });
    const before = await footprint(r.id);
    const send = await outcome(c.proposer.caller.announcement.send({ review: r.key }));
    expect(send.code).toBe('PRECONDITION_FAILED');
    expect(send.message).toMatch(
      /already announced: an announcement sent by hand is recorded\. A review is announced once\./,
    );
    expect(send.details).toMatchObject({ rule: 'announced_once', current: 'recorded' });
    const again = await outcome(
      c.proposer.caller.announcement.recordManual({ review: r.key, archiveLink: link }),
    );
    expect(again.code).toBe('PRECONDITION_FAILED');
    expect(await footprint(r.id)).toEqual(before);
  });

  it('a delivered mail announces it: one sent by hand is no longer recorded', async () => {
    const r = await reviewed(c, 3);
    const sent = await c.proposer.caller.announcement.send({ review: r.key });
    // The mail worker delivered it.
    await t.db
      .updateTable('outbox')
      .set({ state: 'sent', sent_at: new Date() })
      .where('id', '=', sent.mailId)
      .execute();
    const before = await footprint(r.id);
    const manual = await outcome(
      c.proposer.caller.announcement.recordManual({ review: r.key, archiveLink: link }),
    );
    expect(manual.code).toBe('PRECONDITION_FAILED');
    expect(manual.message).toMatch(/already announced: its announcement mail was delivered/);
    expect(await footprint(r.id)).toEqual(before);
    expect((await loadReviewFacts(t.db, [r.id])).get(r.id)?.announcement.state).toBe('sent');
  });

  it('while the mail fails, one sent by hand may be recorded, and the facts say recorded', async () => {
    const r = await reviewed(c, 3);
    const sent = await c.proposer.caller.announcement.send({ review: r.key });
    await t.db.updateTable('outbox').set({ state: 'failed' }).where('id', '=', sent.mailId).execute();
    expect((await loadReviewFacts(t.db, [r.id])).get(r.id)?.announcement.state).toBe('failing');
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.announcements.map((a) => a.delivery)).toEqual(['failing']);
    await c.proposer.caller.announcement.recordManual({ review: r.key, archiveLink: link });
    expect((await loadReviewFacts(t.db, [r.id])).get(r.id)?.announcement.state).toBe('recorded');
    const pub = await c.outsider.caller.transparency.get({ review: r.key });
    expect(pub.announcement).toEqual({ done: true, archiveLinks: [link] });
  });
});
