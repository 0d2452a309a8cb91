import { evaluateCanShip } from '@signoff/core';
import { loadReviewFacts, readStream } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import { type Cast, cast, completeForm, dataReview } from '../../../test/review-fixtures.ts';

let t: TestDatabase;
let c: Cast;
beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
});
afterAll(() => t.drop());

/** renewal_review.md's two questions, both answered `answer`. */
const renewalAnswers = (answer: 'yes' | 'no') => ({
  originalReviewComplete: { answer },
  privacyNoticeCoverage: { answer },
});

const DAY = 86_400_000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const codes = async (review: string) =>
  (await c.proposer.caller.gate.canShip({ review, channel: 'release' })).blockers.map((b) => b.code);

/** A category 2 review approved by the steward whose collection period is `expires`. */
async function approvedWith(expires: string, opts: { private?: boolean } = {}) {
  const r = await c.proposer.caller.review.create({
    productId: c.productId,
    title: `Collection until ${expires}`,
    channels: [{ channel: 'release', defaultState: 'off' }],
    form: completeForm(2, { collectionPeriod: { expires } }),
    ...(opts.private
      ? { visibility: 'private' as const, privateReason: 'Partnership not yet public.' }
      : { visibility: 'public' as const }),
  });
  await c.proposer.caller.review.submit({ review: r.key });
  await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
  return r;
}

const why = 'The study started two months late; one full release cycle is missing.';

describe('an expired collection and its renewal', () => {
  it('COLLECTION_EXPIRED blocks until a steward approves a renewal; data-review- leaves it expired', async () => {
    const yesterday = day(-1);
    const r = await approvedWith(yesterday);
    expect(await codes(r.key)).toEqual(['COLLECTION_EXPIRED']);
    // The refusal says why in words; the code stays in the data.
    const shipRefused = await outcome(c.proposer.caller.review.markShipped({ review: r.key }));
    expect(shipRefused.message).toContain('has ended');
    expect(shipRefused.message).not.toContain('COLLECTION_EXPIRED');
    const before = await c.proposer.caller.renewal.list({ review: r.key });
    expect(before.period).toEqual({
      formExpires: yesterday,
      expires: yesterday,
      description: `expires on ${yesterday}`,
      expired: true,
    });

    const first = await c.proposer.caller.renewal.request({
      review: r.key,
      newExpires: day(180),
      reason: why,
    });
    expect(first).toMatchObject({
      state: 'requested',
      previousExpires: yesterday,
      newExpires: day(180),
      reason: why,
    });
    // A waiting renewal extends nothing.
    expect(await codes(r.key)).toEqual(['COLLECTION_EXPIRED']);
    const refused = await c.steward.caller.renewal.review({
      review: r.key,
      renewalId: first.id,
      outcome: 'data-review-',
      answers: renewalAnswers('no'),
      stewardReview: 'Explain which questions the extra months answer.',
    });
    expect(refused).toMatchObject({ state: 'rejected', outcome: 'data-review-', stewardId: c.steward.id });
    expect(await codes(r.key)).toEqual(['COLLECTION_EXPIRED']);

    const second = await c.proposer.caller.renewal.request({
      review: r.key,
      newExpires: day(365),
      reason: `${why} It answers the retention question.`,
      bug: '1905555',
    });
    const approved = await c.steward.caller.renewal.review({
      review: r.key,
      renewalId: second.id,
      outcome: 'data-review+',
      answers: renewalAnswers('yes'),
      stewardReview: 'Renewal justified.',
    });
    expect(approved.state).toBe('approved');
    expect(await codes(r.key)).toEqual([]);
    const after = await c.proposer.caller.renewal.list({ review: r.key });
    expect(after.period).toMatchObject({ formExpires: yesterday, expires: day(365), expired: false });
    expect(after.renewals.map((n) => n.state)).toEqual(['rejected', 'approved']);
    expect((await c.proposer.caller.review.markShipped({ review: r.key })).status).toBe('shipped');

    const actions = (await readStream(t.db, `review:${r.id}`)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('renewal.'))).toEqual([
      'renewal.requested',
      'renewal.reviewed',
      'renewal.requested',
      'renewal.reviewed',
    ]);
  });

  it('a shipped collection is renewed the same way, from its current period', async () => {
    const r = await approvedWith(day(30));
    await c.proposer.caller.review.markShipped({ review: r.key });
    const n = await c.proposer.caller.renewal.request({
      review: r.key,
      newExpires: 'never',
      monitoredBy: 'jo@mozilla.com',
      reason: why,
    });
    expect(n.previousExpires).toBe(day(30));
    await c.steward.caller.renewal.review({
      review: r.key,
      renewalId: n.id,
      outcome: 'data-review+',
      answers: renewalAnswers('yes'),
      stewardReview: 'Permanent; monitored.',
    });
    expect((await c.proposer.caller.renewal.list({ review: r.key })).period.description).toBe(
      'a permanent collection',
    );
    // Nothing left to renew.
    const again = await outcome(
      c.proposer.caller.renewal.request({ review: r.key, newExpires: day(900), reason: why }),
    );
    expect(again.code).toBe('PRECONDITION_FAILED');
  });
});

describe('renewal rules over the API', () => {
  it('only the accountable people ask; only stewards review; one renewal waits at a time', async () => {
    const r = await approvedWith(day(10));
    expect(
      (await outcome(c.outsider.caller.renewal.request({ review: r.key, newExpires: day(100), reason: why })))
        .code,
    ).toBe('FORBIDDEN');
    const n = await c.proposer.caller.renewal.request({ review: r.key, newExpires: day(100), reason: why });
    expect(
      (await outcome(c.proposer.caller.renewal.request({ review: r.key, newExpires: day(200), reason: why })))
        .code,
    ).toBe('CONFLICT');
    expect(
      (
        await outcome(
          c.proposer.caller.renewal.review({
            review: r.key,
            renewalId: n.id,
            outcome: 'data-review+',
            answers: renewalAnswers('yes'),
            stewardReview: 'Mine.',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const waiting = await c.steward.caller.renewal.waiting({});
    expect(waiting.map((w) => [w.reviewKey, w.id])).toContainEqual([r.key, n.id]);
    expect((await outcome(c.proposer.caller.renewal.waiting({}))).code).toBe('FORBIDDEN');

    // Withdrawn by its requester; then a new one may be asked.
    expect((await outcome(c.outsider.caller.renewal.withdraw({ review: r.key, renewalId: n.id }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await c.proposer.caller.renewal.withdraw({ review: r.key, renewalId: n.id })).state).toBe(
      'withdrawn',
    );
    expect(
      (
        await outcome(
          c.steward.caller.renewal.review({
            review: r.key,
            renewalId: n.id,
            outcome: 'data-review+',
            answers: renewalAnswers('yes'),
            stewardReview: 'x',
          }),
        )
      ).code,
    ).toBe('PRECONDITION_FAILED');
    expect(
      (await c.proposer.caller.renewal.request({ review: r.key, newExpires: day(200), reason: why })).state,
    ).toBe('requested');
  });

  it('the new period must end later, in the future, and the form must be complete', async () => {
    const r = await approvedWith(day(10));
    const earlier = await outcome(
      c.proposer.caller.renewal.request({ review: r.key, newExpires: day(5), reason: why }),
    );
    expect(earlier.code).toBe('BAD_REQUEST');
    expect(earlier.message).toContain('later than the current period');
    const past = await outcome(
      c.proposer.caller.renewal.request({ review: r.key, newExpires: day(-3), reason: why }),
    );
    expect(past.message).toContain('not in the future');
    expect(
      (await outcome(c.proposer.caller.renewal.request({ review: r.key, newExpires: day(100), reason: ' ' })))
        .code,
    ).toBe('BAD_REQUEST');
    const never = await outcome(
      c.proposer.caller.renewal.request({ review: r.key, newExpires: 'never', reason: why }),
    );
    expect(never.message).toContain('monitoredBy');
  });

  it('a review still in its first review is not renewed; a renewal of another review is not found', async () => {
    const draft = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Draft',
      channels: [{ channel: 'release', defaultState: 'off' }],
      visibility: 'public',
      form: completeForm(2),
    });
    expect(
      (
        await outcome(
          c.proposer.caller.renewal.request({ review: draft.key, newExpires: day(800), reason: why }),
        )
      ).code,
    ).toBe('PRECONDITION_FAILED');
    const r = await approvedWith(day(10));
    const n = await c.proposer.caller.renewal.request({ review: r.key, newExpires: day(100), reason: why });
    expect(
      (
        await outcome(
          c.steward.caller.renewal.review({
            review: draft.key,
            renewalId: n.id,
            outcome: 'data-review+',
            answers: renewalAnswers('yes'),
            stewardReview: 'x',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('a private review’s renewals do not exist for outsiders', async () => {
    const r = await approvedWith(day(10), { private: true });
    expect((await outcome(c.outsider.caller.renewal.list({ review: r.key }))).code).toBe('NOT_FOUND');
    expect((await c.steward.caller.renewal.list({ review: r.key })).renewals).toEqual([]);
  });
});

describe('renewal notifications', () => {
  it('a renewal request queues a mail to every active steward, in the same transaction', async () => {
    const r = await approvedWith(day(-1));
    const mailsTo = async (email: string) =>
      (
        await t.pool.query<{ subject: string }>(
          `SELECT subject FROM outbox WHERE review_id = $1 AND kind = 'notification' AND $2 = ANY(to_addresses)`,
          [r.id, email],
        )
      ).rows.map((m) => m.subject);
    expect(await mailsTo(c.steward.email)).toEqual([]);
    await c.proposer.caller.renewal.request({
      review: r.key,
      newExpires: day(90),
      reason: why,
    });
    expect(await mailsTo(c.steward.email)).toEqual([
      expect.stringContaining(`has a renewal request: collect until ${day(90)}`),
    ]);
    // Not the proposer, not a facilitator.
    expect(await mailsTo(c.proposer.email)).toEqual([]);
    expect(await mailsTo(c.facilitators.data.email)).toEqual([]);
  });
});

describe('question 7 read as the template words it (issue 14)', () => {
  const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
  const gateOn = async (reviewId: number, when: Date) => {
    const facts = (await loadReviewFacts(t.db, [reviewId])).get(reviewId);
    if (!facts) throw new Error('no facts');
    return evaluateCanShip(facts, 'release', when).blockers.map((b) => b.code);
  };

  it('"6 months initially" ends six months after the data-review+, not "version 6"', async () => {
    const r = await approvedWith('6 months initially (potentially renewable)');
    const approvedOn = new Date().toISOString().slice(0, 10);
    const plus = (months: number) => {
      const d = new Date(`${approvedOn}T12:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + months);
      return d;
    };
    expect(await gateOn(r.id, plus(5))).toEqual([]);
    expect(await gateOn(r.id, plus(7))).toEqual(['COLLECTION_EXPIRED']);
    expect((await c.proposer.caller.renewal.list({ review: r.key })).period).toMatchObject({
      expired: false,
      description: expect.stringMatching(new RegExp(`^6 months from ${approvedOn}: expires on `)),
    });
  });

  it('"until date 06-30-2026" expires on 2026-06-30', async () => {
    const r = await approvedWith('until date 06-30-2026');
    expect(await gateOn(r.id, at('2026-06-29'))).toEqual([]);
    expect(await gateOn(r.id, at('2026-06-30'))).toEqual(['COLLECTION_EXPIRED']);
    expect((await c.proposer.caller.renewal.list({ review: r.key })).period).toMatchObject({
      description: 'expires on 2026-06-30',
    });
  });
});

describe("renewal_review.md's two questions (issue 14)", () => {
  it('data-review+ needs "yes" to both; otherwise data-review-, and nothing is changed by a refusal', async () => {
    const r = await approvedWith(day(10));
    const n = await c.proposer.caller.renewal.request({ review: r.key, newExpires: day(100), reason: why });
    const target = { review: r.key, renewalId: n.id };
    const unsure = {
      originalReviewComplete: { answer: 'yes' as const },
      privacyNoticeCoverage: {
        answer: 'unsure' as const,
        note: 'A new identifier since the notice changed.',
      },
    };
    const refused = await outcome(
      c.steward.caller.renewal.review({
        ...target,
        outcome: 'data-review+',
        answers: unsure,
        stewardReview: 'Fine.',
      }),
    );
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toContain(
      'data-review+ needs "yes" to: Is the data collection covered by the existing Firefox Privacy Notice?',
    );
    expect(refused.details).toMatchObject({ field: 'answers.privacyNoticeCoverage' });
    const missing = await outcome(
      c.steward.caller.renewal.review({
        ...target,
        outcome: 'data-review+',
        stewardReview: 'Fine.',
      } as never),
    );
    expect(missing.code).toBe('BAD_REQUEST');
    expect(missing.message).toContain('answers');
    expect((await c.steward.caller.renewal.list({ review: r.key })).renewals[0]?.state).toBe('requested');

    const rejected = await c.steward.caller.renewal.review({
      ...target,
      outcome: 'data-review-',
      answers: unsure,
      stewardReview: 'Trust is involved: the notice may not cover the new identifier.',
    });
    expect(rejected).toMatchObject({ state: 'rejected', reviewAnswers: unsure });
    // Kept with the renewal, in its audit event and in the export.
    expect((await c.proposer.caller.renewal.list({ review: r.key })).renewals[0]?.reviewAnswers).toEqual(
      unsure,
    );
    const events = await readStream(t.db, `review:${r.id}`);
    expect(events.find((e) => e.action === 'renewal.reviewed')?.after).toMatchObject({ answers: unsure });
    const exported = await c.proposer.caller.export.json({ review: r.key });
    expect(exported.renewals[0]?.reviewAnswers).toEqual(unsure);
    expect((await c.proposer.caller.export.markdown({ review: r.key })).text).toContain(
      'Is the data collection covered by the existing Firefox Privacy Notice? unsure',
    );
  });

  it('a renewal decided before the questions were asked reads with no answers', async () => {
    const r = await approvedWith(day(10));
    const n = await c.proposer.caller.renewal.request({ review: r.key, newExpires: day(100), reason: why });
    // As the steward's review was stored before migration 0027: outcome and text, no answers.
    await t.db
      .updateTable('renewals')
      .set({
        state: 'approved',
        outcome: 'data-review+',
        steward_id: c.steward.id,
        steward_review: 'Old.',
        decided_at: new Date(),
      })
      .where('id', '=', n.id)
      .execute();
    const [old] = (await c.proposer.caller.renewal.list({ review: r.key })).renewals;
    expect(old).toMatchObject({ state: 'approved', stewardReview: 'Old.', reviewAnswers: null });
    expect((await c.proposer.caller.export.json({ review: r.key })).renewals[0]?.reviewAnswers).toBeNull();
  });
});
