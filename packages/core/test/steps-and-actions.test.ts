import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActionVerdict,
  ANNOUNCEMENT_STATES,
  AREAS,
  type Area,
  allowedActions,
  type Category,
  DISCUSSION_STATES,
  ESCALATION_DECISIONS,
  MITIGATION_KINDS,
  MITIGATION_STATES,
  type MitigationMove,
  type OpenStep,
  openSteps,
  RENEWAL_STATES,
  type ReviewFacts,
  type ReviewPeople,
  RISKS,
  STEP_ACTIONS,
  STEP_REVIEW_ACTION,
  type StepAction,
} from '../src/index.ts';
import { ENGINEERING_OWNER, PROPOSER, REQUESTER, reviewPeople } from './fixtures.ts';

/**
 * Issue 13 (STYLE 11): the inbox and the buttons agree. For generated reviews (every status, with sign-offs,
 * mitigations, discussions, escalations, renewals, an incomplete form...) and generated role holders (some on the
 * proposer's side), every step openSteps says its owner can take NOW is allowed to that owner by allowedActions,
 * the same rules that refuse the write. A step that waits may be refused; a ready one may not.
 */
const NOW = new Date('2025-03-01T12:00:00.000Z');
const ids = [PROPOSER, ENGINEERING_OWNER, REQUESTER, 10, 11, 20, 21, 22, 23, 30, 40, 41, 50];
const some = fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 3 });
const area = fc.constantFrom(...AREAS);

/** The moves of a mitigation that take each mitigation step (any one allowed takes it). */
const MOVES: Partial<Record<StepAction, MitigationMove[]>> = {
  propose_mitigation: ['propose'],
  implement_mitigation: ['implement'],
  judge_mitigation: ['accept', 'reject'],
  revise_mitigation: ['revise', 'withdraw'],
};

const factsArb: fc.Arbitrary<ReviewFacts> = fc
  .record({
    status: fc.constantFrom(
      'draft',
      'submitted',
      'returned',
      'sensitive_review',
      'sensitive_review',
      'approved',
      'shipped',
      'withdrawn',
    ),
    category: fc.constantFrom<Category>(1, 2, 3, 4),
    currentRevision: fc.integer({ min: 1, max: 3 }),
    defaultState: fc.constantFrom('on', 'off'),
    form: fc.record({
      optOutDocumented: fc.boolean(),
      advanceUserNotice: fc.boolean(),
      consentMechanism: fc.boolean(),
      optOutMechanism: fc.boolean(),
    }),
    signOffs: fc.uniqueArray(
      fc.record({
        area,
        back: fc.nat(1),
        risk: fc.constantFrom(...RISKS),
        decision: fc.constantFrom('approved', 'approved', 'changes_requested', 'rejected'),
        trustApproval: fc.boolean(),
      }),
      { selector: (s) => s.area, maxLength: 4 },
    ),
    mitigations: fc.array(
      fc.record({
        area,
        kind: fc.constantFrom(...MITIGATION_KINDS),
        state: fc.constantFrom(...MITIGATION_STATES),
      }),
      { maxLength: 3 },
    ),
    announcement: fc.constantFrom(...ANNOUNCEMENT_STATES),
    discussions: fc.array(
      fc.record({ area: fc.option(area, { nil: null }), state: fc.constantFrom(...DISCUSSION_STATES) }),
      { maxLength: 2 },
    ),
    escalations: fc.array(
      fc.record({
        open: fc.boolean(),
        decision: fc.constantFrom(...ESCALATION_DECISIONS),
        areas: fc.uniqueArray(area, { minLength: 1, maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
    expires: fc.constantFrom(null, '2025-01-31', '2025-12-31'),
    legalTrustQuestionsOpen: fc.nat(1),
    renewals: fc.array(
      fc.record({
        state: fc.constantFrom(...RENEWAL_STATES),
        requestedBy: fc.constantFrom(PROPOSER, REQUESTER, ENGINEERING_OWNER),
        legalTrust: fc.constantFrom('none', 'open', 'answered'),
      }),
      { maxLength: 2 },
    ),
    submissionMissing: fc.constantFrom(undefined, [], ['analysis'], ['measurements[0].trackingBug']),
  })
  .map((g): ReviewFacts => {
    // As the commands leave them: a draft has no steward outcome, a returned request data-review-, the later
    // statuses data-review+ with the category that sends them where they are.
    const reviewed = !['draft', 'submitted'].includes(g.status);
    const sensitive = g.status === 'sensitive_review' || (g.status !== 'approved' && g.category >= 3);
    const category: Category | null = !reviewed
      ? null
      : g.status === 'approved'
        ? (Math.min(g.category, 2) as Category)
        : g.status === 'sensitive_review'
          ? (Math.max(g.category, 3) as Category)
          : g.category;
    const judged = reviewed && sensitive && g.status !== 'returned';
    // A shipped review passed the gate when it shipped, and nothing of it changes after (but the clock).
    const shipped = g.status === 'shipped';
    return {
      reviewId: 42,
      key: 'DR-42',
      status: g.status,
      category,
      stewardOutcome: !reviewed ? null : g.status === 'returned' ? 'data-review-' : 'data-review+',
      currentRevision: g.currentRevision,
      channels: [
        { channel: 'release', defaultState: shipped ? 'off' : g.defaultState },
        { channel: 'pre_release', defaultState: shipped ? 'off' : g.defaultState },
      ],
      runsInExperiments: false,
      // A submitted form was complete for its category (missingForSubmission): question 11 (how users turn it
      // off) always, category 4's notice, consent and opt-out too.
      form: reviewed
        ? {
            ...g.form,
            ...(category === 4
              ? { advanceUserNotice: true, consentMechanism: true, optOutMechanism: true }
              : {}),
            optOutDocumented: true,
            highestMeasurementCategory: category,
          }
        : { ...g.form, highestMeasurementCategory: category },
      signOffs:
        shipped && judged
          ? AREAS.map((a) => ({
              area: a,
              revision: g.currentRevision,
              risk: 'low' as const,
              decision: 'approved' as const,
              trustApproval: a === 'legal_trust',
            }))
          : judged
            ? g.signOffs.map((s) => ({
                area: s.area,
                revision: Math.max(1, g.currentRevision - s.back),
                risk: s.risk,
                decision: s.decision,
                trustApproval: s.area === 'legal_trust' && s.trustApproval,
              }))
            : [],
      mitigations: judged && !shipped ? g.mitigations.map((m, i) => ({ id: 100 + i, ...m })) : [],
      announcement: { state: shipped && judged ? 'sent' : judged ? g.announcement : 'none' },
      discussions: judged && !shipped ? g.discussions : [],
      escalations:
        judged && !shipped
          ? g.escalations.map((e, i) => ({
              id: 200 + i,
              state: e.open ? 'open' : 'decided',
              decision: e.open ? null : e.decision,
              areas: e.areas,
            }))
          : [],
      collectionExpires: g.expires,
      legalTrustQuestionsOpen: reviewed ? g.legalTrustQuestionsOpen : 0,
      renewals: ['approved', 'shipped'].includes(g.status)
        ? g.renewals.map((n, i) => ({ id: 300 + i, newExpires: '2026-06-30', ...n }))
        : [],
      ...(g.status === 'draft' || g.status === 'returned' ? { submissionMissing: g.submissionMissing } : {}),
    } as ReviewFacts;
  });

const peopleArb = (facts: ReviewFacts): fc.Arbitrary<ReviewPeople> =>
  fc
    .record({
      facilitators: fc.record({ privacy_technical: some, data: some, legal_trust: some, security: some }),
      stewardIds: some,
      executives: fc
        .record({ cpo: some, ceo: some })
        .map(({ cpo, ceo }) => ({ cpo, ceo: ceo.filter((id) => !cpo.includes(id)) })),
      reviewers: fc.array(fc.record({ area, personId: fc.constantFrom(...ids) }), { maxLength: 2 }),
      escalations: fc.tuple(
        ...facts.escalations.map((e) =>
          fc.record({
            id: fc.constant(e.id),
            level: fc.constantFrom('product_owner', 'cpo', 'ceo' as const),
            openedBy: fc.constantFrom(...ids),
            facilitatorId: fc.constantFrom(...ids),
            papersShared: fc.boolean(),
            paperAuthorIds: some,
            commenterIds: some,
          }),
        ),
      ),
    })
    .map((p) =>
      reviewPeople({
        ...p,
        escalations: p.escalations.filter((_, i) => facts.escalations[i]?.state === 'open'),
      }),
    );

/** The actor `id` as the review's people see them (their global roles). */
const actorIn = (p: ReviewPeople, id: number) => ({
  personId: id,
  isAdmin: false,
  isSteward: p.stewardIds.includes(id),
  facilitatorAreas: AREAS.filter((a) => p.facilitators[a].includes(id)),
  executiveRole: p.executives.cpo.includes(id)
    ? ('cpo' as const)
    : p.executives.ceo.includes(id)
      ? ('ceo' as const)
      : null,
});

/**
 * The verdicts about the thing a step is about: the same action, and the same area, mitigation, escalation,
 * renewal. A live discussion is held once scheduled: with none scheduled, scheduling it takes the step.
 */
const verdictsOf = (s: OpenStep, verdicts: ActionVerdict[]) =>
  verdicts.filter(
    (v) =>
      (v.action === STEP_REVIEW_ACTION[s.action] ||
        (s.action === 'hold_discussion' && v.action === 'schedule_discussion')) &&
      (['area', 'mitigationId', 'escalationId', 'renewalId'] as const).every(
        (k) => v[k] === undefined || v[k] === s[k],
      ) &&
      (v.move === undefined || (MOVES[s.action] ?? []).includes(v.move)),
  );

/** Every ready step whose owner allowedActions refuses, with the refusals in words. */
function disagreements(facts: ReviewFacts, p: ReviewPeople, seen?: Set<StepAction>): string[] {
  const records = {
    discussions: facts.discussions.map((d, i) => ({ id: 400 + i, area: d.area, state: d.state })),
    meetings: [],
  };
  const out: string[] = [];
  for (const s of openSteps(facts, p, NOW).filter((x) => x.ready))
    for (const id of s.owner.personIds) {
      seen?.add(s.action);
      const vs = verdictsOf(s, allowedActions(facts, p, actorIn(p, id), NOW, records));
      if (!vs.some((v) => v.allowed))
        out.push(
          `${facts.status}: ${s.action}${s.area ? `:${s.area}` : ''} is ${id}'s step now, but ${
            vs.length ? vs.map((v) => v.reason).join(' / ') : 'no verdict answers it'
          }`,
        );
    }
  return out;
}

describe('every step an owner can take now is allowed to them (issue 13)', () => {
  it('over generated reviews and role holders', () => {
    const seen = new Set<StepAction>();
    fc.assert(
      fc.property(
        factsArb.chain((facts) => fc.tuple(fc.constant(facts), peopleArb(facts))),
        ([facts, p]) => {
          expect(disagreements(facts, p, seen)).toEqual([]);
        },
      ),
      { numRuns: 2000 },
    );
    // The histories reach every kind of step someone can take (deliver_announcement is the outbox's, nobody's).
    expect([...seen].sort()).toEqual(STEP_ACTIONS.filter((a) => a !== 'deliver_announcement').sort());
  });
});
