import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  assertMayAnswerLegalTrustOnRenewal,
  assertMayReviewRenewal,
  type OpenStep,
  openSteps,
  type RenewalFact,
  type ReviewFacts,
  stepLabel,
  stepsFor,
  verdict,
  waitsOnLabels,
} from '../src/index.ts';
import {
  actor,
  approvedSimple,
  ENGINEERING_OWNER,
  PROPOSER,
  reviewPeople as people,
  REQUESTER,
} from './fixtures.ts';

/**
 * Issue 13: a renewal's steps are open steps like any other (SPEC 12, 15): a requested renewal waits for a data
 * steward off the collection's side; while the steward's question to Trust and Legal is open it waits for
 * Legal/Trust's facilitators (off the proposer's side) first. Every role's inbox, mail and reminders are built
 * from these steps.
 */
const NOW = new Date('2025-03-01T12:00:00.000Z');
const STEWARD = 10;
const LEGAL = 22;
const renewal = (overrides: Partial<RenewalFact> = {}): RenewalFact => ({
  id: 7,
  state: 'requested',
  requestedBy: PROPOSER,
  legalTrust: 'none',
  newExpires: '2025-09-30',
  ...overrides,
});
/** An approved collection whose period ended, with renewals. */
const expired = (renewals: RenewalFact[], overrides: Partial<ReviewFacts> = {}) =>
  approvedSimple({ status: 'shipped', collectionExpires: '2025-02-01', renewals, ...overrides });
/** The review the renewals belong to, as core's renewal rules read it. */
const SHIPPED = {
  status: 'shipped',
  proposerId: PROPOSER,
  engineeringOwnerId: ENGINEERING_OWNER,
  requesterId: REQUESTER,
} as const;
const renewalSteps = (steps: OpenStep[]) => steps.filter((s) => s.renewalId !== undefined);

describe('a requested renewal in the open steps', () => {
  it('waits for a data steward off the collection’s side, clearing the ended period; nobody is asked to request another', () => {
    const steps = openSteps(expired([renewal()]), people({ stewardIds: [10, 11, REQUESTER] }), NOW);
    expect(renewalSteps(steps)).toEqual([
      {
        action: 'review_renewal',
        owner: { role: 'data_steward', personIds: [10, 11] },
        renewalId: 7,
        blocker: 'COLLECTION_EXPIRED',
        ready: true,
        waitsFor: [],
      },
    ]);
    // The proposer's "request a renewal" would be refused now (one renewal at a time): it is not a step.
    expect(steps.map((s) => s.action)).not.toContain('request_renewal');
    // Without a renewal, the proposer's side requests one.
    expect(openSteps(expired([]), people(), NOW).map((s) => s.action)).toEqual(['request_renewal']);
  });

  it('a steward who requested the renewal (or is on the collection’s side) is not an owner: the same rule that refuses them', () => {
    const stewards = [10, PROPOSER, REQUESTER, ENGINEERING_OWNER, 55];
    const n = renewal({ requestedBy: 55 });
    const steps = openSteps(expired([n]), people({ stewardIds: stewards }), NOW);
    const owners = steps.find((s) => s.action === 'review_renewal')?.owner.personIds;
    for (const id of stewards) {
      const may = verdict(() =>
        assertMayReviewRenewal({
          actor: actor(id, { isSteward: true }),
          review: SHIPPED,
          renewal: n,
        }),
      ).allowed;
      expect([id, owners?.includes(id)]).toEqual([id, may]);
    }
    expect(owners).toEqual([10]);
  });

  it('with the steward’s question open: Legal/Trust answer now, the steward’s review comes after, naming what it waits on', () => {
    const n = renewal({ legalTrust: 'open' });
    const facts = expired([n]);
    const p = people({
      facilitators: { privacy_technical: [20], data: [21], legal_trust: [22, REQUESTER], security: [23] },
    });
    const steps = openSteps(facts, p, NOW);
    expect(renewalSteps(steps)).toEqual([
      {
        action: 'answer_renewal_legal_trust',
        owner: { role: 'facilitator', area: 'legal_trust', personIds: [LEGAL] },
        area: 'legal_trust',
        renewalId: 7,
        blocker: 'COLLECTION_EXPIRED',
        ready: true,
        waitsFor: [],
      },
      {
        action: 'review_renewal',
        owner: { role: 'data_steward', personIds: [STEWARD] },
        renewalId: 7,
        blocker: 'COLLECTION_EXPIRED',
        ready: false,
        waitsFor: [{ action: 'answer_renewal_legal_trust', area: 'legal_trust' }],
      },
    ]);
    expect(stepsFor(steps, LEGAL).now.map((s) => s.action)).toEqual(['answer_renewal_legal_trust']);
    expect(stepsFor(steps, STEWARD)).toMatchObject({ now: [], later: [{ action: 'review_renewal' }] });
    // A legal/trust facilitator on the proposer's side never answers (assertMayAnswerLegalTrustOnRenewal).
    expect(stepsFor(steps, REQUESTER)).toEqual({ now: [], later: [] });
    expect(
      verdict(() =>
        assertMayAnswerLegalTrustOnRenewal({
          actor: actor(REQUESTER, { facilitatorAreas: ['legal_trust'] }),
          review: SHIPPED,
          renewal: n,
        }),
      ).allowed,
    ).toBe(false);
    // In words, naming the renewal by the period it asks for.
    const [answer, review] = renewalSteps(steps);
    expect(stepLabel(answer!, facts)).toBe(
      "Answer the data steward's question to Trust and Legal on the renewal request (collect until 2025-09-30)",
    );
    expect(stepLabel(review!, facts)).toBe(
      'Review the renewal request (collect until 2025-09-30) as data steward',
    );
    expect(waitsOnLabels(review!)).toEqual(["Trust and Legal's answer to the data steward's question"]);
  });

  it('once answered, the steward’s review is ready again; a decided or withdrawn renewal has no step', () => {
    const answered = openSteps(expired([renewal({ legalTrust: 'answered' })]), people(), NOW);
    expect(renewalSteps(answered).map((s) => [s.action, s.ready])).toEqual([['review_renewal', true]]);
    for (const state of ['approved', 'rejected', 'withdrawn'] as const)
      expect(renewalSteps(openSteps(expired([renewal({ state })]), people(), NOW))).toEqual([]);
  });

  it('a renewal requested before the period ends is a step too, blocking nothing', () => {
    const steps = openSteps(expired([renewal()], { collectionExpires: '2025-12-31' }), people(), NOW);
    expect(renewalSteps(steps)).toEqual([
      expect.objectContaining({ action: 'review_renewal', ready: true, renewalId: 7 }),
    ]);
    expect(renewalSteps(steps)[0]?.blocker).toBeUndefined();
  });

  it('allowedActions answers the same per renewal: reviewing it, answering the question, requesting another', () => {
    const facts = expired([renewal({ legalTrust: 'open' })]);
    const of = (who: ReturnType<typeof actor>) =>
      allowedActions(facts, people(), who, NOW)
        .filter((v) => ['review_renewal', 'answer_renewal_legal_trust', 'request_renewal'].includes(v.action))
        .map((v) => [v.action, v.renewalId, v.allowed]);
    expect(of(actor(LEGAL, { facilitatorAreas: ['legal_trust'] }))).toEqual([
      ['request_renewal', undefined, false],
      ['review_renewal', 7, false],
      ['answer_renewal_legal_trust', 7, true],
    ]);
    expect(of(actor(STEWARD, { isSteward: true }))).toEqual([
      ['request_renewal', undefined, false],
      ['review_renewal', 7, false],
      ['answer_renewal_legal_trust', 7, false],
    ]);
    const reasons = allowedActions(facts, people(), actor(PROPOSER), NOW).filter(
      (v) => v.action === 'request_renewal',
    );
    expect(reasons[0]?.reason).toMatch(/An earlier renewal request is still waiting/);
    expect(
      allowedActions(expired([]), people(), actor(PROPOSER), NOW).find((v) => v.action === 'request_renewal')
        ?.allowed,
    ).toBe(true);
  });
});
