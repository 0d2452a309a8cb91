import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import { type Cast, cast, completeForm, dataReview } from '../../../test/review-fixtures.ts';

/**
 * A renewal can open a question to Trust and Legal (issue 14): "a data steward may escalate concerns to the
 * Trust and Legal teams", as the first review's questions 7 and 9 do. The steward reviewing a renewal asks;
 * the renewal waits for their answer (its state says so, and the steward cannot decide it meanwhile); a
 * legal/trust facilitator answers; then the steward reviews it.
 */
let t: TestDatabase;
let c: Cast;
beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
});
afterAll(() => t.drop());

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const yes = {
  originalReviewComplete: { answer: 'yes' as const },
  privacyNoticeCoverage: { answer: 'yes' as const },
};
const QUESTION = 'The collection now runs in Germany too: does the privacy notice still cover it?';
const ANSWER = 'Yes: the notice covers every country where the product ships.';

async function renewalWaiting() {
  const r = await c.proposer.caller.review.create({
    productId: c.productId,
    title: 'Renewal asked of Trust and Legal',
    channels: [{ channel: 'release', defaultState: 'off' }],
    form: completeForm(2, { collectionPeriod: { expires: day(-1) } }),
    visibility: 'public',
  });
  await c.proposer.caller.review.submit({ review: r.key });
  await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
  const n = await c.proposer.caller.renewal.request({
    review: r.key,
    newExpires: day(180),
    reason: 'One release cycle is missing.',
  });
  return { r, n };
}

describe('a renewal asks Trust and Legal', () => {
  it('the steward asks; the renewal waits for their answer and cannot be decided; Legal answers; the steward decides', async () => {
    const { r, n } = await renewalWaiting();
    const listed = async () => (await c.steward.caller.renewal.list({ review: r.key })).renewals[0];
    expect(await listed()).toMatchObject({ waitsOn: 'steward', legalTrust: null });
    const offered = await c.steward.caller.renewal.list({ review: r.key });
    expect(offered.allowed.renewals[0]).toMatchObject({
      review: { allowed: true },
      askLegalTrust: { allowed: true },
      answerLegalTrust: { allowed: false },
    });

    const asked = await c.steward.caller.renewal.askLegalTrust({
      review: r.key,
      renewalId: n.id,
      question: QUESTION,
    });
    expect(asked).toMatchObject({
      state: 'requested',
      waitsOn: 'legal_trust',
      legalTrust: { state: 'open', question: QUESTION, askedBy: c.steward.id, answer: null },
    });
    // The renewal waits: the steward cannot decide it, nor ask again; the screen is told why.
    const waiting = await outcome(
      c.steward.caller.renewal.review({
        review: r.key,
        renewalId: n.id,
        outcome: 'data-review+',
        answers: yes,
        stewardReview: 'Renewed.',
      }),
    );
    expect(waiting.message).toBe(
      "This renewal waits for Trust and Legal's answer to the data steward's question; it is reviewed once they answer.",
    );
    expect(
      (
        await outcome(
          c.steward.caller.renewal.askLegalTrust({ review: r.key, renewalId: n.id, question: 'Again?' }),
        )
      ).code,
    ).toBe('CONFLICT');
    const meanwhile = await c.steward.caller.renewal.list({ review: r.key });
    expect(meanwhile.allowed.renewals[0]?.review).toEqual({ allowed: false, reason: waiting.message });
    // Legal/Trust see that they may answer; the gate still says the period has ended.
    const legal = await c.facilitators.legal_trust.caller.renewal.list({ review: r.key });
    expect(legal.allowed.renewals[0]?.answerLegalTrust).toEqual({ allowed: true, reason: null });
    expect(
      (await c.proposer.caller.gate.canShip({ review: r.key, channel: 'release' })).blockers.map(
        (b) => b.code,
      ),
    ).toEqual(['COLLECTION_EXPIRED']);

    // Only a legal/trust facilitator answers.
    for (const who of [c.steward, c.facilitators.data, c.proposer])
      expect(
        (
          await outcome(
            who.caller.renewal.answerLegalTrust({ review: r.key, renewalId: n.id, answer: ANSWER }),
          )
        ).code,
      ).toBe('FORBIDDEN');
    const answered = await c.facilitators.legal_trust.caller.renewal.answerLegalTrust({
      review: r.key,
      renewalId: n.id,
      answer: ANSWER,
    });
    expect(answered).toMatchObject({
      waitsOn: 'steward',
      legalTrust: { state: 'answered', answer: ANSWER, answeredBy: c.facilitators.legal_trust.id },
    });
    expect(
      (
        await outcome(
          c.facilitators.legal_trust.caller.renewal.answerLegalTrust({
            review: r.key,
            renewalId: n.id,
            answer: ANSWER,
          }),
        )
      ).code,
    ).toBe('PRECONDITION_FAILED');

    const decided = await c.steward.caller.renewal.review({
      review: r.key,
      renewalId: n.id,
      outcome: 'data-review+',
      answers: yes,
      stewardReview: 'Renewed after Trust and Legal answered.',
    });
    expect(decided).toMatchObject({ state: 'approved', waitsOn: null, legalTrust: { state: 'answered' } });
    expect((await c.proposer.caller.gate.canShip({ review: r.key, channel: 'release' })).canShip).toBe(true);

    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('review_id', '=', r.id)
      .where('action', 'like', 'renewal.legal_trust_%')
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      {
        action: 'renewal.legal_trust_asked',
        after: expect.objectContaining({ legalTrustQuestion: QUESTION, legalTrustAnswer: null }),
      },
      {
        action: 'renewal.legal_trust_answered',
        after: expect.objectContaining({ legalTrustQuestion: QUESTION, legalTrustAnswer: ANSWER }),
      },
    ]);
  });

  it('only a data steward off the collection side asks, while the renewal waits; an empty question is refused naming the field', async () => {
    const { r, n } = await renewalWaiting();
    expect(
      (
        await outcome(
          c.facilitators.legal_trust.caller.renewal.askLegalTrust({
            review: r.key,
            renewalId: n.id,
            question: QUESTION,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const empty = await outcome(
      c.steward.caller.renewal.askLegalTrust({ review: r.key, renewalId: n.id, question: '  ' }),
    );
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.message).toMatch(/question/);
    await c.proposer.caller.renewal.withdraw({ review: r.key, renewalId: n.id });
    expect(
      (
        await outcome(
          c.steward.caller.renewal.askLegalTrust({ review: r.key, renewalId: n.id, question: QUESTION }),
        )
      ).code,
    ).toBe('PRECONDITION_FAILED');
    const row = await t.db
      .selectFrom('renewals')
      .select('legal_trust_question')
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    expect(row.legal_trust_question).toBeNull();
  });
});

describe('a renewal’s steps in every inbox (issue 13: one model of who acts next)', () => {
  /** `who`'s inbox steps on review `key`: [step, label, what it waits on] now and coming. */
  const inbox = async (who: Cast['proposer'], key: string) => {
    const box = await who.caller.inbox.mine();
    const of = (xs: typeof box.now) =>
      xs.filter((x) => x.key === key).map((x) => [x.step, x.label, x.waitsOn] as const);
    return { now: of(box.now), coming: of(box.coming) };
  };
  const empty = { now: [], coming: [] };

  it('the steward reviews it now; with the question asked, Legal/Trust answer now and the steward’s review is coming; then the steward again', async () => {
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Renewal in the inboxes',
      channels: [{ channel: 'release', defaultState: 'off' }],
      form: completeForm(2, { collectionPeriod: { expires: day(-1) } }),
      visibility: 'public',
    });
    await c.proposer.caller.review.submit({ review: r.key });
    await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
    // The period has ended: the proposer's side is asked to request a renewal.
    expect((await inbox(c.proposer, r.key)).now.map(([step]) => step)).toEqual(['request_renewal']);
    const n = await c.proposer.caller.renewal.request({
      review: r.key,
      newExpires: day(180),
      reason: 'One release cycle is missing.',
    });
    const until = `(collect until ${day(180)})`;
    const review = `Review the renewal request ${until} as data steward`;
    const answer = `Answer the data steward's question to Trust and Legal on the renewal request ${until}`;
    expect(await inbox(c.proposer, r.key)).toEqual(empty);
    expect(await inbox(c.steward, r.key)).toEqual({ now: [['review_renewal', review, []]], coming: [] });
    expect(await inbox(c.facilitators.legal_trust, r.key)).toEqual(empty);

    await c.steward.caller.renewal.askLegalTrust({ review: r.key, renewalId: n.id, question: QUESTION });
    expect(await inbox(c.facilitators.legal_trust, r.key)).toEqual({
      now: [['answer_renewal_legal_trust', answer, []]],
      coming: [],
    });
    expect(await inbox(c.steward, r.key)).toEqual({
      now: [],
      coming: [['review_renewal', review, ["Trust and Legal's answer to the data steward's question"]]],
    });
    expect(await inbox(c.facilitators.data, r.key)).toEqual(empty);
    // review.get says the same, and allows each owner the action of their step.
    const legalView = await c.facilitators.legal_trust.caller.review.get({ review: r.key });
    expect(legalView.openSteps.filter((s) => s.renewalId === n.id).map((s) => [s.action, s.ready])).toEqual([
      ['answer_renewal_legal_trust', true],
      ['review_renewal', false],
    ]);
    expect(
      legalView.allowedActions.find((v) => v.action === 'answer_renewal_legal_trust' && v.renewalId === n.id),
    ).toMatchObject({ allowed: true });

    await c.facilitators.legal_trust.caller.renewal.answerLegalTrust({
      review: r.key,
      renewalId: n.id,
      answer: ANSWER,
    });
    expect(await inbox(c.facilitators.legal_trust, r.key)).toEqual(empty);
    expect(await inbox(c.steward, r.key)).toEqual({ now: [['review_renewal', review, []]], coming: [] });

    await c.steward.caller.renewal.review({
      review: r.key,
      renewalId: n.id,
      outcome: 'data-review+',
      answers: yes,
      stewardReview: 'Renewed.',
    });
    for (const who of [c.steward, c.facilitators.legal_trust]) expect(await inbox(who, r.key)).toEqual(empty);
    // The period is renewed: nothing blocks the approved collection, and its proposer may mark it shipped.
    expect((await inbox(c.proposer, r.key)).now.map(([step]) => step)).toEqual(['mark_shipped']);
  });
});
