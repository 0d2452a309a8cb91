import { type Actor, proposerSideIds, type ReviewParties } from './actor.ts';
import { assertMayAnnounce } from './announcement.ts';
import { AREAS, type Area, byAreaOrder, PREREQUISITE_AREAS } from './areas.ts';
import type { BlockerCode, OwnerRole, StepAction } from './blockers.ts';
import { type CanShipResult, evaluateCanShip, type ReviewFacts } from './can-ship.ts';
import { type DiscussionMove, type DiscussionState, moveDiscussion } from './discussion.ts';
import { DomainError } from './errors.ts';
import {
  areasRefusedByEscalation,
  assertMayDecideEscalation,
  assertMayOpenEscalation,
  type EscalationLevel,
  nextEscalationLevel,
  whyNotInDispute,
} from './escalation.ts';
import {
  assertMayCommentOnEscalation,
  assertMayManageMeeting,
  assertMayRaise,
  assertMayRecordMeeting,
  assertMaySharePapers,
  assertMayWritePositionPaper,
  assertReadyForDecision,
  type EscalationProcess,
} from './escalation-process.ts';
import {
  MITIGATION_KIND_LABELS,
  MITIGATION_MOVES,
  type MitigationMove,
  moveMitigation,
} from './mitigation.ts';
import { assertMayAddReviewer, assertMayComment } from './participation.ts';
import {
  assertMayAnswerLegalTrustOnRenewal,
  assertMayAskForRenewal,
  assertMayReviewRenewal,
  renewalOwnSideIds,
  renewalWaitsOn,
} from './renewal.ts';
import { type DraftRequestForm, missingForSubmission } from './request-form.ts';
import {
  assertMayEditDocumentation,
  nextStatusAfterResubmit,
  nextStatusAfterShip,
  nextStatusAfterSubmit,
  nextStatusAfterWithdraw,
  type ReviewRef,
} from './review-status.ts';
import { assertMaySignOffNow, isStale, latestSignOffs, planReconfirmation } from './sign-off.ts';
import {
  assertLegalTrustQuestionOpen,
  assertMayAnswerLegalTrust,
  assertMayRecordStewardReview,
} from './steward-review.ts';
import { AREA_SHORT_NAMES, missingFormWords, wordList } from './vocabulary.ts';

/**
 * SPEC 15 "who acts next": the people of one review the rules name (ReviewFacts holds what the gate needs; this
 * holds who). Loaded by the API with the facts; every id an active person.
 */
export interface ReviewPeople extends ReviewParties {
  requesterId: number;
  /** The product owner: the decision maker of an escalation's first level. */
  productOwnerId: number;
  /** The people assigned to each area by an admin. */
  facilitators: Record<Area, number[]>;
  /** People a facilitator involved in one area of this review. */
  reviewers: { area: Area; personId: number }[];
  /** Every data steward (none is assigned to a review: any may take it). */
  stewardIds: number[];
  /** The decision makers of the escalation levels above the product owner. */
  executives: { cpo: number[]; ceo: number[] };
  /** The people of each open escalation (by id; the facts hold its state and areas). */
  escalations: {
    id: number;
    level: EscalationLevel;
    openedBy: number;
    facilitatorId: number;
    papersShared: boolean;
    paperAuthorIds: number[];
    commenterIds: number[];
  }[];
}

/** Who must act on a step: named people where the review has them, and the role they act in. */
export interface StepOwner {
  role: OwnerRole | 'party';
  area?: Area;
  personIds: number[];
}

export interface OpenStep {
  action: StepAction;
  owner: StepOwner;
  area?: Area;
  mitigationId?: number;
  escalationId?: number;
  /** The renewal a renewal's step is about (its review, or Trust and Legal's answer on it). */
  renewalId?: number;
  /** The gate's blocker this step clears, if it blocks shipping (comments and marking shipped do not). */
  blocker?: BlockerCode;
  /** True when it can be taken now; else `waitsFor` names the steps that come first. */
  ready: boolean;
  waitsFor: { action: StepAction; area?: Area }[];
}

const stepKey = (s: Pick<OpenStep, 'action' | 'area' | 'mitigationId' | 'escalationId' | 'renewalId'>) =>
  `${s.action}:${s.area ?? ''}:${s.mitigationId ?? ''}:${s.escalationId ?? ''}${s.renewalId === undefined ? '' : `:${s.renewalId}`}`;

/** The gate's answer on every channel the review covers. */
const gateOf = (facts: ReviewFacts, now: Date): CanShipResult[] =>
  facts.channels.map((c) => evaluateCanShip(facts, c.channel, now));

/** Facilitators of an area who are not on the proposer's side (they never judge the collection). */
export const judgesOf = (people: ReviewPeople, area: Area): number[] => {
  const side = new Set(proposerSideIds(people));
  return people.facilitators[area].filter((id) => !side.has(id));
};

/**
 * A role held by whoever an admin names to it now (SPEC 15: facilitators per area, data stewards, the CPO and
 * the CEO), as a key: `facilitator:data`, `steward`, `executive:cpo`. A stored step names the role, not its
 * holders, so it stays true when an admin moves a facilitator or changes roles.
 */
export type GlobalRole = `facilitator:${Area}` | 'steward' | 'executive:cpo' | 'executive:ceo';

/**
 * Who must act on a step, stated without resolving the global roles: the named people of this review (`ids`) and
 * the holders of `roles`, but not `exceptIds` nor the holders of `exceptRoles`.
 */
export interface OwnerForm {
  ids: number[];
  roles: GlobalRole[];
  exceptIds: number[];
  exceptRoles: GlobalRole[];
}

/** An open step whose owner is an OwnerForm (what the stored summary holds; openSteps resolves it). */
export interface OpenStepForm extends Omit<OpenStep, 'owner'> {
  owner: { role: StepOwner['role']; area?: Area; form: OwnerForm };
}

const form = (f: Partial<OwnerForm>): OwnerForm => ({
  ids: f.ids ?? [],
  roles: f.roles ?? [],
  exceptIds: f.exceptIds ?? [],
  exceptRoles: f.exceptRoles ?? [],
});

/** The active holders of a global role, as the review's people give them. */
export const holdersOf = (people: ReviewPeople, role: GlobalRole): number[] => {
  if (role === 'steward') return people.stewardIds;
  if (role === 'executive:cpo') return people.executives.cpo;
  if (role === 'executive:ceo') return people.executives.ceo;
  return people.facilitators[role.slice('facilitator:'.length) as Area] ?? [];
};

/** The people an OwnerForm names now: its named people, then the holders of its roles, less the exceptions. */
export function resolveOwners(f: OwnerForm, people: ReviewPeople): number[] {
  const out = new Set(f.exceptIds);
  for (const r of f.exceptRoles) for (const id of holdersOf(people, r)) out.add(id);
  return [...new Set([...f.ids, ...f.roles.flatMap((r) => holdersOf(people, r))])].filter(
    (id) => !out.has(id),
  );
}

const judgesForm = (proposerSide: number[], area: Area): OwnerForm =>
  form({ roles: [`facilitator:${area}`], exceptIds: proposerSide });

/** The decision makers of an escalation level: the product owner (named), or the CPO or the CEO (roles). */
const decidersForm = (people: ReviewPeople, level: EscalationLevel): Pick<OwnerForm, 'ids' | 'roles'> =>
  level === 'product_owner'
    ? { ids: [people.productOwnerId], roles: [] }
    : { ids: [], roles: [`executive:${level}`] };

/**
 * Every open step of a review (SPEC 15): what blocks it on any channel it covers, plus the steps that do not
 * block (comments on shared papers, marking it shipped), each with its owner, the action that closes it, and
 * whether it can be taken now or waits on another step.
 */
export function openSteps(facts: ReviewFacts, people: ReviewPeople, now: Date): OpenStep[] {
  return openStepForms(facts, people, now).flatMap(({ owner, ...s }) => {
    const personIds = resolveOwners(owner.form, people);
    // Comments are asked of the people involved only while someone is left to comment.
    if (s.action === 'comment_on_escalation' && personIds.length === 0) return [];
    return [{ ...s, owner: { role: owner.role, ...(owner.area ? { area: owner.area } : {}), personIds } }];
  });
}

/**
 * openSteps with each owner stated as an OwnerForm (global roles unresolved). Its steps do not depend on who
 * holds a global role, so they stay true when roles move; a comment step is kept even when nobody is left to
 * comment now (openSteps drops it then).
 */
export function openStepForms(facts: ReviewFacts, people: ReviewPeople, now: Date): OpenStepForm[] {
  // SPEC 3: withdrawn is final. Nothing waits on a withdrawn review, not even an escalation left open on it
  // (the gate says the same: nothing else matters for a withdrawn review).
  if (facts.status === 'withdrawn') return [];
  // SPEC 9: "do_not_ship blocks for good". A review an escalation decided not to ship can never ship, so no
  // sign-off, announcement, mitigation or other escalation is asked of anyone (its proposer may still withdraw it).
  if (facts.escalations.some((e) => e.state === 'decided' && e.decision === 'do_not_ship')) return [];
  const proposerSide = proposerSideIds(people);
  const steps = new Map<string, OpenStepForm>();
  const add = (s: OpenStepForm) => {
    const k = stepKey(s);
    if (!steps.has(k)) steps.set(k, s);
  };
  const revision = facts.currentRevision ?? 0;
  const latest = latestSignOffs(facts.signOffs);
  const approved = (a: Area) => {
    const s = latest.get(a);
    return s !== undefined && !isStale(s, revision) && s.decision === 'approved';
  };
  const gate = gateOf(facts, now);
  const pendingRenewals = (facts.renewals ?? []).filter((n) => renewalWaitsOn(n) !== null);
  const expired = gate.some((r) => r.blockers.some((b) => b.code === 'COLLECTION_EXPIRED'));
  for (const b of gate.flatMap((r) => r.blockers)) {
    if (!b.owner || !b.action) continue;
    if (b.code === 'ESCALATION_OPEN') continue; // its steps come from the escalation below
    // A renewal already requested waits for its review (below); another is refused (assertMayAskForRenewal).
    if (b.action === 'request_renewal' && pendingRenewals.length > 0) continue;
    // "Fill it out completely" (Step 1): an incomplete form is completed first; submitting it waits on that
    // (the same rule refuses the submission: assertFormCompleteForSubmission).
    const incomplete =
      (b.action === 'submit' || b.action === 'resubmit') && (facts.submissionMissing?.length ?? 0) > 0;
    if (incomplete)
      add({
        action: 'complete_request_form',
        owner: { role: 'proposer', form: form({ ids: proposerSide }) },
        blocker: b.code,
        ready: true,
        waitsFor: [],
      });
    const area = b.owner.area ?? b.area;
    // A rejection already escalated waits for the escalation's decision, not for another escalation; one
    // decided is final (SPEC 9). The same rule refuses opening one (whyNotInDispute).
    if (b.action === 'open_escalation' && area !== undefined && whyNotInDispute(facts, area) !== null)
      continue;
    const owners =
      b.owner.role === 'proposer'
        ? form({ ids: proposerSide })
        : b.owner.role === 'data_steward'
          ? form({ roles: ['steward'], exceptIds: proposerSide })
          : b.owner.role === 'facilitator' && b.owner.area
            ? judgesForm(proposerSide, b.owner.area)
            : form({});
    // SPEC 5 ordering: legal_trust and security decide after privacy_technical and data approve.
    const dependent =
      (b.action === 'record_sign_off' || b.action === 'reconfirm_sign_off') &&
      area !== undefined &&
      !(PREREQUISITE_AREAS as readonly Area[]).includes(area);
    const waitsFor: OpenStep['waitsFor'] = dependent
      ? PREREQUISITE_AREAS.filter((a) => !approved(a)).map((a) => ({
          action:
            latest.get(a) && isStale(latest.get(a)!, revision)
              ? ('reconfirm_sign_off' as const)
              : ('record_sign_off' as const),
          area: a,
        }))
      : incomplete
        ? [{ action: 'complete_request_form' }]
        : [];
    add({
      action: b.action,
      owner: { role: b.owner.role, ...(b.owner.area ? { area: b.owner.area } : {}), form: owners },
      ...(area ? { area } : {}),
      ...(b.mitigationId !== undefined ? { mitigationId: b.mitigationId } : {}),
      blocker: b.code,
      ready: waitsFor.length === 0,
      waitsFor,
    });
  }
  // A sensitive review whose area asked for changes: after the proposer revises, the area decides again.
  const refused = areasRefusedByEscalation(facts.escalations);
  if (facts.status === 'sensitive_review')
    for (const area of AREAS) {
      const s = latest.get(area);
      if (s && !isStale(s, revision) && s.decision === 'changes_requested' && !refused.has(area))
        add({
          action: 'record_sign_off',
          owner: { role: 'facilitator', area, form: judgesForm(proposerSide, area) },
          area,
          ready: false,
          waitsFor: [{ action: 'revise_documentation' }],
        });
    }
  // SPEC 9: an open escalation's steps, in order.
  for (const e of facts.escalations) {
    const p = people.escalations.find((x) => x.id === e.id);
    if (e.state !== 'open' || !p) continue;
    const parties = [...new Set([...proposerSide, p.openedBy, p.facilitatorId])];
    const deciders = decidersForm(people, p.level);
    if (!p.papersShared) {
      const writers = parties.filter((id) => !p.paperAuthorIds.includes(id));
      if (writers.length)
        add({
          action: 'write_position_paper',
          owner: { role: 'party', form: form({ ids: writers }) },
          escalationId: e.id,
          blocker: 'ESCALATION_OPEN',
          ready: true,
          waitsFor: [],
        });
      const papers = p.paperAuthorIds.length > 0;
      add({
        action: 'share_position_papers',
        owner: { role: 'party', form: form({ ids: [...new Set([p.openedBy, p.facilitatorId])] }) },
        escalationId: e.id,
        blocker: 'ESCALATION_OPEN',
        ready: papers,
        waitsFor: papers ? [] : [{ action: 'write_position_paper' }],
      });
    } else {
      // Everyone involved (the parties, the disputed areas' facilitators and reviewers) who has not commented,
      // except the decision makers.
      add({
        action: 'comment_on_escalation',
        owner: {
          role: 'party',
          form: form({
            ids: [
              ...new Set([
                ...parties,
                ...people.reviewers.filter((r) => e.areas.includes(r.area)).map((r) => r.personId),
              ]),
            ],
            roles: e.areas.map((a) => `facilitator:${a}` as const),
            exceptIds: [...new Set([...p.commenterIds, ...deciders.ids])],
            exceptRoles: deciders.roles,
          }),
        },
        escalationId: e.id,
        ready: true,
        waitsFor: [],
      });
    }
    add({
      action: 'decide_escalation',
      // The proposer's side never decides its own escalation (assertMayDecideEscalation: it goes up a level).
      owner: { role: 'decision_maker', form: form({ ...deciders, exceptIds: proposerSide }) },
      escalationId: e.id,
      blocker: 'ESCALATION_OPEN',
      ready: p.papersShared,
      waitsFor: p.papersShared ? [] : [{ action: 'share_position_papers' }],
    });
  }
  // SPEC 12: a requested renewal waits for a data steward's renewal review (a steward off the collection's own
  // side: assertMayReviewRenewal), or first for Trust and Legal's answer to the steward's question on it
  // (assertMayAnswerLegalTrustOnRenewal: Legal/Trust's facilitators off the proposer's side). It clears the
  // ended collection period once approved.
  for (const n of pendingRenewals) {
    const question = renewalWaitsOn(n) === 'legal_trust';
    const clears = expired ? { blocker: 'COLLECTION_EXPIRED' as const } : {};
    if (question)
      add({
        action: 'answer_renewal_legal_trust',
        owner: { role: 'facilitator', area: 'legal_trust', form: judgesForm(proposerSide, 'legal_trust') },
        area: 'legal_trust',
        renewalId: n.id,
        ...clears,
        ready: true,
        waitsFor: [],
      });
    add({
      action: 'review_renewal',
      owner: {
        role: 'data_steward',
        form: form({ roles: ['steward'], exceptIds: renewalOwnSideIds(people, n) }),
      },
      renewalId: n.id,
      ...clears,
      ready: !question,
      waitsFor: question ? [{ action: 'answer_renewal_legal_trust', area: 'legal_trust' }] : [],
    });
  }
  // Nothing blocks: the proposer marks the collection as begun.
  if (
    (facts.status === 'approved' || facts.status === 'sensitive_review') &&
    gate.length > 0 &&
    gate.every((r) => r.canShip)
  )
    add({
      action: 'mark_shipped',
      owner: { role: 'proposer', form: form({ ids: proposerSide }) },
      ready: true,
      waitsFor: [],
    });
  return [...steps.values()];
}

/** The steps that wait for `personId`: what they can do now, and what comes to them once others act. */
export function stepsFor(steps: readonly OpenStep[], personId: number) {
  const mine = steps.filter((s) => s.owner.personIds.includes(personId));
  return { now: mine.filter((s) => s.ready), later: mine.filter((s) => !s.ready) };
}

/** The people who must act on the steps `pick` selects, once each (SPEC 15: mail goes to the owners of the steps). */
export const ownersOf = (steps: readonly OpenStep[], pick: (s: OpenStep) => boolean): number[] => [
  ...new Set(steps.filter(pick).flatMap((s) => s.owner.personIds)),
];

/** The steps that can be taken now in `after` but could not in `before` (not open, or waiting): whose turn came. */
export function newlyReady(before: readonly OpenStep[], after: readonly OpenStep[]): OpenStep[] {
  const readyBefore = new Set(before.filter((s) => s.ready).map(stepKey));
  return after.filter((s) => s.ready && !readyBefore.has(stepKey(s)));
}

/** One thing a person might do on a review, and whether they may, with the reason in words when not. */
export interface ActionVerdict {
  action: ReviewAction;
  area?: Area;
  mitigationId?: number;
  escalationId?: number;
  /** For `hold_discussion` and `cancel_discussion`: which discussion. */
  discussionId?: number;
  /** For `record_escalation_meeting`: which meeting (of `escalationId`). */
  meetingId?: number;
  /** For `review_renewal` and `answer_renewal_legal_trust`: which renewal. */
  renewalId?: number;
  /** For `move_mitigation`: which move. */
  move?: MitigationMove;
  allowed: boolean;
  /** Why not, in the words of the rule that refuses it; null when allowed. */
  reason: string | null;
}

/** Everything a screen may offer on a review (the procedures' names, in the policy's words). */
export const REVIEW_ACTIONS = [
  'edit_documentation',
  'submit',
  'resubmit',
  'withdraw',
  'mark_shipped',
  'announce',
  'record_steward_review',
  'record_sign_off',
  'reconfirm_sign_off',
  'add_reviewer',
  'request_mitigation',
  'propose_mitigation',
  'move_mitigation',
  'open_escalation',
  'write_position_paper',
  'share_position_papers',
  'comment_on_escalation',
  'decide_escalation',
  'hold_discussion',
  'request_renewal',
  'answer_legal_trust',
  // Asked per requested renewal (renewalId).
  'review_renewal',
  'answer_renewal_legal_trust',
  // Asked per area; whole-review discussions have no area.
  'comment_on_area',
  'schedule_discussion',
  // Asked per scheduled discussion (discussionId).
  'cancel_discussion',
  // Asked per open escalation (escalationId); recording per scheduled meeting (meetingId).
  'schedule_escalation_meeting',
  'record_escalation_meeting',
  'raise_escalation',
] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** The verdict of one of core's own refusals: the same rule that refuses the write decides the button. */
export function verdict(check: () => unknown): { allowed: boolean; reason: string | null } {
  try {
    check();
    return { allowed: true, reason: null };
  } catch (e) {
    if (e instanceof DomainError) return { allowed: false, reason: e.message };
    throw e;
  }
}

/**
 * The review's discussions and escalation meetings, for the verdicts about each (the facts hold what the gate
 * needs, without their ids).
 */
export interface ReviewRecords {
  discussions: { id: number; area: Area | null; state: DiscussionState }[];
  meetings: { id: number; escalationId: number; state: string }[];
  /** The current revision's request form: submitting needs it complete (absent: not asked). */
  form?: DraftRequestForm;
}

/**
 * "Fill it out completely" (Step 1): the request form goes to a data steward only when complete for its
 * category. The same rule as the submit and resubmit commands (missingForSubmission), with what is missing in words.
 */
export function assertFormCompleteForSubmission(form: DraftRequestForm): void {
  assertNothingMissingForSubmission(missingForSubmission(form, null));
}

/** assertFormCompleteForSubmission over what the form misses (missingForSubmission's paths). */
export function assertNothingMissingForSubmission(missing: readonly string[]): void {
  if (missing.length > 0)
    throw new DomainError(
      'VALIDATION',
      `The request form is not complete: answer ${wordList(missingFormWords(missing))} before it goes to a data steward.`,
      { field: missing[0], missing: [...missing] },
    );
}

/**
 * What `actor` may do on this review now (STYLE habit 11): each answer comes from the predicate that decides the
 * write itself, so a screen that enables only what is allowed never offers what the API then refuses.
 * Actions about a thing that does not exist yet (a sign-off of an area, a mitigation) are asked per area or id.
 */
export function allowedActions(
  facts: ReviewFacts,
  people: ReviewPeople,
  actor: Actor,
  now: Date,
  records: ReviewRecords = { discussions: [], meetings: [] },
): ActionVerdict[] {
  const review: ReviewRef = {
    status: facts.status,
    proposerId: people.proposerId,
    engineeringOwnerId: people.engineeringOwnerId,
    requesterId: people.requesterId,
  };
  const revision = facts.currentRevision ?? 0;
  const out: ActionVerdict[] = [];
  const push = (v: Omit<ActionVerdict, 'allowed' | 'reason'>, check: () => unknown) =>
    out.push({ ...v, ...verdict(check) });
  push({ action: 'edit_documentation' }, () => assertMayEditDocumentation({ actor, review }));
  // What the form misses: as the facts say (the open steps read the same), else from the form when given.
  const missing = facts.submissionMissing ?? (records.form ? missingForSubmission(records.form, null) : []);
  push({ action: 'submit' }, () => {
    nextStatusAfterSubmit({ actor, review });
    assertNothingMissingForSubmission(missing);
  });
  push({ action: 'resubmit' }, () => {
    nextStatusAfterResubmit({ actor, review });
    assertNothingMissingForSubmission(missing);
  });
  push({ action: 'withdraw' }, () => nextStatusAfterWithdraw({ actor, review }));
  push({ action: 'mark_shipped' }, () => {
    const gate = gateOf(facts, now);
    const blockers = gate.flatMap((r) => r.blockers);
    nextStatusAfterShip({
      actor,
      review,
      gate: { canShip: gate.length > 0 && blockers.length === 0, blockers },
    });
  });
  push({ action: 'announce' }, () => assertMayAnnounce({ actor, review }));
  push({ action: 'record_steward_review' }, () => assertMayRecordStewardReview({ actor, review }));
  push({ action: 'answer_legal_trust' }, () => {
    assertMayAnswerLegalTrust({ actor, review });
    assertLegalTrustQuestionOpen(facts.key, facts.legalTrustQuestionsOpen ?? 0);
  });
  const signOff = { actor, review, signOffs: facts.signOffs, currentRevision: revision };
  const reviewerAreas = people.reviewers.filter((r) => r.personId === actor.personId).map((r) => r.area);
  for (const area of AREAS) {
    push({ action: 'record_sign_off', area }, () => assertMaySignOffNow({ ...signOff, area }));
    push({ action: 'reconfirm_sign_off', area }, () => planReconfirmation({ ...signOff, area }));
    // Which reviewer is asked when adding one; here only who may add and when.
    push({ action: 'add_reviewer', area }, () =>
      assertMayAddReviewer({ actor, area, review, reviewerId: -1 }),
    );
    push({ action: 'comment_on_area', area }, () =>
      assertMayComment({ actor, area, review, actorReviewerAreas: reviewerAreas }),
    );
    push({ action: 'schedule_discussion', area }, () =>
      moveDiscussion({ actor, review, discussion: { area, state: null }, move: 'schedule' }),
    );
    push({ action: 'request_mitigation', area }, () =>
      moveMitigation({
        actor,
        review,
        mitigation: { area, state: null },
        move: 'request',
        currentRevision: revision,
      }),
    );
  }
  // A discussion of the whole review (no area).
  push({ action: 'schedule_discussion' }, () =>
    moveDiscussion({ actor, review, discussion: { area: null, state: null }, move: 'schedule' }),
  );
  for (const d of records.discussions)
    for (const move of ['hold', 'cancel'] as const satisfies DiscussionMove[]) {
      if (d.state !== 'scheduled') continue;
      push({ action: `${move}_discussion`, discussionId: d.id, ...(d.area ? { area: d.area } : {}) }, () =>
        moveDiscussion({ actor, review, discussion: d, move }),
      );
    }
  push({ action: 'propose_mitigation' }, () =>
    moveMitigation({
      actor,
      review,
      mitigation: { area: 'data', state: null },
      move: 'propose',
      currentRevision: revision,
    }),
  );
  for (const m of facts.mitigations) {
    for (const move of Object.keys(MITIGATION_MOVES) as MitigationMove[]) {
      if (move === 'request' || !MITIGATION_MOVES[move].from.includes(m.state)) continue;
      out.push({
        action: 'move_mitigation',
        mitigationId: m.id,
        area: m.area,
        ...verdict(() =>
          moveMitigation({
            actor,
            review,
            mitigation: m,
            move,
            currentRevision: revision,
            implementedInRevision: revision,
          }),
        ),
        move,
      });
    }
  }
  // Per area: only an area in dispute is escalated (SPEC 9). Which facilitator works with the escalating party
  // is asked when opening one.
  for (const area of AREAS)
    push({ action: 'open_escalation', area }, () =>
      assertMayOpenEscalation({
        actor,
        review,
        actorReviewerAreas: reviewerAreas,
        areas: [area],
        facilitator: { personId: 0, facilitatorAreas: AREAS },
        disputes: facts,
      }),
    );
  for (const e of facts.escalations) {
    const p = people.escalations.find((x) => x.id === e.id);
    if (e.state !== 'open' || !p) continue;
    const process: EscalationProcess = {
      state: e.state,
      level: p.level,
      areas: e.areas,
      openedBy: p.openedBy,
      facilitatorId: p.facilitatorId,
      papersShared: p.papersShared,
      reviewStatus: facts.status,
    };
    const parties = {
      review,
      reviewerIds: people.reviewers.filter((r) => e.areas.includes(r.area)).map((r) => r.personId),
      productOwnerId: people.productOwnerId,
    };
    const id = { escalationId: e.id };
    push({ action: 'write_position_paper', ...id }, () =>
      assertMayWritePositionPaper(actor, process, parties),
    );
    push({ action: 'share_position_papers', ...id }, () =>
      assertMaySharePapers(actor, process, p.paperAuthorIds.length),
    );
    push({ action: 'comment_on_escalation', ...id }, () =>
      assertMayCommentOnEscalation(actor, process, parties),
    );
    push({ action: 'schedule_escalation_meeting', ...id }, () => assertMayManageMeeting(actor, process));
    for (const m of records.meetings)
      if (m.escalationId === e.id && m.state === 'scheduled')
        push({ action: 'record_escalation_meeting', ...id, meetingId: m.id }, () =>
          assertMayRecordMeeting(actor, process, m),
        );
    push({ action: 'raise_escalation', ...id }, () => {
      assertMayRaise(actor, process, people.productOwnerId);
      nextEscalationLevel(process.level);
    });
    push({ action: 'decide_escalation', ...id }, () => {
      assertMayDecideEscalation({
        actor,
        escalation: process,
        productOwnerId: people.productOwnerId,
        review,
      });
      assertReadyForDecision(process);
    });
  }
  // SPEC 12: asking for a renewal, and per renewal waiting for one, reviewing it or answering the question on it.
  const renewals = facts.renewals ?? [];
  const withRequester = { ...review, requesterId: people.requesterId };
  push({ action: 'request_renewal' }, () =>
    assertMayAskForRenewal({
      actor,
      review: withRequester,
      currentExpires: facts.collectionExpires ?? null,
      pendingRenewalId: renewals.find((n) => n.state === 'requested')?.id ?? null,
    }),
  );
  for (const renewal of renewals) {
    if (renewal.state !== 'requested') continue;
    push({ action: 'review_renewal', renewalId: renewal.id }, () =>
      assertMayReviewRenewal({ actor, review: withRequester, renewal }),
    );
    push({ action: 'answer_renewal_legal_trust', renewalId: renewal.id }, () =>
      assertMayAnswerLegalTrustOnRenewal({ actor, review, renewal }),
    );
  }
  return out;
}

/** The screen action that takes each step (what a button offers; a mitigation's moves are one action). */
export const STEP_REVIEW_ACTION: Record<StepAction, ReviewAction> = {
  complete_request_form: 'edit_documentation',
  submit: 'submit',
  resubmit: 'resubmit',
  revise_documentation: 'edit_documentation',
  record_steward_review: 'record_steward_review',
  record_sign_off: 'record_sign_off',
  reconfirm_sign_off: 'reconfirm_sign_off',
  propose_mitigation: 'move_mitigation',
  implement_mitigation: 'move_mitigation',
  judge_mitigation: 'move_mitigation',
  revise_mitigation: 'move_mitigation',
  announce: 'announce',
  deliver_announcement: 'announce',
  hold_discussion: 'hold_discussion',
  open_escalation: 'open_escalation',
  write_position_paper: 'write_position_paper',
  share_position_papers: 'share_position_papers',
  comment_on_escalation: 'comment_on_escalation',
  decide_escalation: 'decide_escalation',
  request_renewal: 'request_renewal',
  review_renewal: 'review_renewal',
  answer_renewal_legal_trust: 'answer_renewal_legal_trust',
  mark_shipped: 'mark_shipped',
  answer_legal_trust: 'answer_legal_trust',
};

type StepRef = Pick<OpenStep, 'action' | 'area' | 'mitigationId' | 'escalationId' | 'renewalId'>;

/**
 * What names a step's mitigation, escalation or renewal in words: the review's facts (its kind, its areas, the
 * period it asks for).
 */
type StepContext = Pick<ReviewFacts, 'mitigations' | 'escalations' | 'renewals' | 'submissionMissing'>;

/** A renewal in words, by the period it asks for: "the renewal request (collect until 2027-06-30)". */
const renewalWords = (s: StepRef, context?: StepContext): string => {
  const n = context?.renewals?.find((x) => x.id === s.renewalId);
  return `the renewal request${n?.newExpires ? ` (collect until ${n.newExpires})` : ''}`;
};

/** A mitigation in words: "the Data mitigation (a UX change that makes users aware of the risk)". */
const mitigationWords = (s: StepRef, context?: StepContext): string => {
  const m = context?.mitigations.find((x) => x.id === s.mitigationId);
  const area = m?.area ?? s.area;
  const kind = m ? ` (${MITIGATION_KIND_LABELS[m.kind]})` : '';
  return `the ${area ? `${AREA_SHORT_NAMES[area]} ` : ''}mitigation${kind}`;
};

/** An escalation in words, by the areas it escalates: "the Data and Security escalation". */
const escalationWords = (s: StepRef, context?: StepContext): string => {
  const e = context?.escalations.find((x) => x.id === s.escalationId);
  if (!e || e.areas.length === 0) return 'the escalation';
  const names = [...e.areas].sort(byAreaOrder).map((a) => AREA_SHORT_NAMES[a]);
  return `the ${wordList(names)} escalation`;
};

/**
 * What the owner of a step does, in plain words (no codes, no ids): an inbox line, a reminder's sentence.
 * With the review's facts, a mitigation is named by its area and kind and an escalation by its areas.
 */
export function stepLabel(s: StepRef, context?: StepContext): string {
  const area = s.area ? AREA_SHORT_NAMES[s.area] : undefined;
  const mitigation = mitigationWords(s, context);
  const escalation = escalationWords(s, context);
  const renewal = renewalWords(s, context);
  switch (s.action) {
    case 'complete_request_form': {
      const missing = context?.submissionMissing ?? [];
      return missing.length
        ? `Complete the request form: answer ${wordList(missingFormWords(missing))}`
        : 'Complete the request form';
    }
    case 'submit':
      return 'Submit the request to a data steward';
    case 'answer_legal_trust':
      return "Answer the data steward's question to Trust and Legal";
    case 'resubmit':
      return 'Revise the returned request and resubmit it';
    case 'revise_documentation':
      return area ? `Revise the documentation for the ${area} review` : 'Revise the documentation';
    case 'record_steward_review':
      return 'Review the request as data steward';
    case 'record_sign_off':
      return `Record the ${area ?? 'area'} sign-off`;
    case 'reconfirm_sign_off':
      return `Re-confirm the ${area ?? 'area'} sign-off on the new revision`;
    case 'propose_mitigation':
      return `Propose how to carry out ${mitigation}`;
    case 'implement_mitigation':
      return `Implement ${mitigation} in the documentation`;
    case 'judge_mitigation':
      return `Accept or reject ${mitigation}`;
    case 'revise_mitigation':
      return `Revise or withdraw ${mitigation}, which was rejected`;
    case 'announce':
      return 'Send or record the announcement to the data-review mailing list';
    case 'deliver_announcement':
      return 'Get the queued announcement delivered';
    case 'hold_discussion':
      return `Hold the live discussion of the ${area ?? 'area'} risk`;
    case 'open_escalation':
      return area ? `Escalate the ${area} rejection, or withdraw` : 'Escalate the rejection, or withdraw';
    case 'write_position_paper':
      return `Write your position paper for ${escalation}`;
    case 'share_position_papers':
      return `Share the position papers of ${escalation}`;
    case 'comment_on_escalation':
      return `Comment on the shared position papers of ${escalation}`;
    case 'decide_escalation':
      return `Decide ${escalation}`;
    case 'request_renewal':
      return 'Request a renewal of the collection period';
    case 'review_renewal':
      return `Review ${renewal} as data steward`;
    case 'answer_renewal_legal_trust':
      return `Answer the data steward's question to Trust and Legal on ${renewal}`;
    case 'mark_shipped':
      return 'Mark the collection as shipped';
  }
}

/** What a waiting step waits on, in plain words ("the Data sign-off"), one entry per step it waits for. */
export function waitsOnLabels(s: Pick<OpenStep, 'waitsFor'>): string[] {
  return s.waitsFor.map((w) => {
    const area = w.area ? AREA_SHORT_NAMES[w.area] : undefined;
    switch (w.action) {
      case 'record_sign_off':
        return `the ${area ?? 'area'} sign-off`;
      case 'reconfirm_sign_off':
        return `the ${area ?? 'area'} sign-off re-confirmed on the current revision`;
      case 'revise_documentation':
        return "the proposer's revised documentation";
      case 'write_position_paper':
        return 'a position paper';
      case 'share_position_papers':
        return 'the position papers shared';
      case 'answer_legal_trust':
      case 'answer_renewal_legal_trust':
        return "Trust and Legal's answer to the data steward's question";
      case 'complete_request_form':
        return 'the request form completed';
      default:
        return stepLabel(w).toLowerCase();
    }
  });
}

/** Whether `personId` has a step of this review to take now (review.list's "needs my action"). */
export const actsNow = (steps: readonly OpenStep[], personId: number): boolean =>
  steps.some((s) => s.ready && s.owner.personIds.includes(personId));
