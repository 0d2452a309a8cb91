import { z } from 'zod';
import { type Actor, isFacilitatorOf, isProposer, type ReviewParties } from './actor.ts';
import { AREA_LABELS, type Area, areaLabelList, areaSchema } from './areas.ts';
import { DomainError } from './errors.ts';
import { MITIGATION_KINDS, type MitigationState } from './mitigation.ts';
import { assertNotProposerSide } from './participation.ts';
import type { ReviewStatus } from './review-status.ts';
import { isStale, latestSignOffs, type SignOffFact } from './sign-off.ts';
import { ESCALATION_LEVEL_LABELS, inWords, MITIGATION_STATE_LABELS, thisReviewIs } from './vocabulary.ts';

/** "Escalate the decision to the VP/XLT member in charge of the product … beyond … to the CPO or CEO." */
export const ESCALATION_LEVELS = ['product_owner', 'cpo', 'ceo'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_STATES = ['open', 'decided'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

export const ESCALATION_DECISIONS = ['proceed', 'proceed_with_mitigations', 'do_not_ship'] as const;
export type EscalationDecision = (typeof ESCALATION_DECISIONS)[number];

/** "A meeting if necessary" (SPEC 9): scheduled, then held or cancelled. */
export const MEETING_STATES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export const escalationDecisionSchema = z
  .object({
    decision: z.enum(ESCALATION_DECISIONS),
    rationale: z.string().trim().min(1).max(10_000),
    /** With `proceed_with_mitigations`: the mitigations the decision creates. */
    mitigations: z
      .array(
        z.object({
          area: areaSchema,
          kind: z.enum(MITIGATION_KINDS),
          description: z.string().trim().min(1).max(10_000),
        }),
      )
      .max(50)
      .default([]),
    /**
     * With `proceed_with_mitigations`: the open mitigations under dispute the decision replaces; they are
     * closed (withdrawn) with it.
     */
    supersedes: z.array(z.number().int().positive()).max(50).default([]),
  })
  .refine((d) => d.decision === 'proceed_with_mitigations' || d.supersedes.length === 0, {
    message: 'only proceed_with_mitigations supersedes mitigations',
    path: ['supersedes'],
  })
  .refine((d) => d.decision !== 'proceed_with_mitigations' || d.mitigations.length > 0, {
    message: 'proceed_with_mitigations names at least one mitigation',
    path: ['mitigations'],
  });

/**
 * "The proposer or any reviewer should work with one of the facilitators to escalate": opened by the
 * proposer, a facilitator or a reviewer of a disputed area, naming a facilitator of a disputed area.
 */
export function assertMayOpenEscalation({
  actor,
  review,
  actorReviewerAreas,
  areas,
  facilitator,
  disputes,
}: {
  actor: Actor;
  review: ReviewParties & { status: string };
  /** The areas of this review the actor was involved in as a reviewer. */
  actorReviewerAreas: readonly Area[];
  areas: readonly Area[];
  /** The facilitator who works with the escalating party, and the areas they facilitate. */
  facilitator: { personId: number; facilitatorAreas: readonly Area[] };
  /** What the review holds about each area's dispute (its facts). */
  disputes: DisputeFacts;
}): void {
  if (review.status !== 'sensitive_review') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Escalations belong to the sensitive review; ${thisReviewIs(review.status)}.`,
      {
        current: review.status,
      },
    );
  }
  if (areas.length === 0) {
    throw new DomainError('VALIDATION', 'An escalation names the disputed area(s).', { field: 'areas' });
  }
  const involved =
    isProposer(actor, review) ||
    areas.some((a) => isFacilitatorOf(actor, a) || actorReviewerAreas.includes(a));
  if (!involved) {
    throw new DomainError(
      'FORBIDDEN',
      'Only the proposer, or a reviewer or facilitator of a disputed area, opens an escalation.',
    );
  }
  if (!areas.some((a) => facilitator.facilitatorAreas.includes(a))) {
    throw new DomainError('VALIDATION', 'The named facilitator must facilitate one of the disputed areas.', {
      field: 'facilitatorId',
    });
  }
  for (const area of areas) {
    const why = whyNotInDispute(disputes, area);
    if (why) throw new DomainError('RULE_VIOLATION', why, { area, field: 'areas' });
  }
}

/** What decides whether an area is in dispute: the review's sign-offs, mitigations and escalations. */
export interface DisputeFacts {
  currentRevision: number | null;
  signOffs: readonly SignOffFact[];
  mitigations: readonly { area: Area; state: MitigationState }[];
  escalations: readonly EscalationFact[];
}

/**
 * A mitigation in dispute: one the area asked for that the proposer has not taken up (requested), or one the
 * area rejected. Once the proposer proposes how to carry out a request, or implements it, both sides agree on it.
 */
const DISPUTED_MITIGATION_STATES: readonly MitigationState[] = ['requested', 'rejected'];

/**
 * SPEC 9 and the policy: "in the case of a dispute about sensitive data collection and/or which mitigations are
 * appropriate", the decision is escalated. An area is in dispute when its sign-off on the current revision
 * rejected the collection or asked for changes, or a mitigation of the area is in dispute. An escalation that
 * is open waits for its decision; a decided one is final for its areas (the policy: "record the final
 * decision"; going above the product owner is the open escalation's own raise step, never a new escalation).
 * Answers why the area may not be escalated, in words, or null when it may.
 */
export function whyNotInDispute(facts: DisputeFacts, area: Area): string | null {
  const name = AREA_LABELS[area];
  const mine = facts.escalations.filter((e) => e.areas.includes(area));
  const open = mine.find((e) => e.state === 'open');
  if (open) return `The escalation of ${areaLabelList(open.areas)} is open; it waits for its decision.`;
  const decided = mine.find((e) => e.state === 'decided');
  if (decided)
    return decided.decision === 'do_not_ship'
      ? `The escalation of ${areaLabelList(decided.areas)} decided: do not ship. The decision is final.`
      : `The escalation of ${areaLabelList(decided.areas)} decided to proceed. The decision is final.`;
  const s = latestSignOffs([...facts.signOffs]).get(area);
  const current = s !== undefined && !isStale(s, facts.currentRevision ?? 0) ? s : undefined;
  if (current && current.decision !== 'approved') return null;
  if (facts.mitigations.some((m) => m.area === area && DISPUTED_MITIGATION_STATES.includes(m.state)))
    return null;
  const stands = !s
    ? 'has not signed off yet'
    : !current
      ? 'signed off on an earlier revision only'
      : 'approved the current revision';
  return `${name} ${stands} and has no mitigation in dispute: there is nothing to escalate.`;
}

/**
 * SPEC 3: withdrawn is final. An escalation left open on a withdrawn review takes no further step (no paper,
 * comment, meeting, raise or decision): nothing waits on it, and nothing can be written there.
 */
export function assertEscalationReviewGoesOn(reviewStatus: ReviewStatus): void {
  if (reviewStatus === 'withdrawn')
    throw new DomainError(
      'RULE_VIOLATION',
      'The proposer withdrew this review, and withdrawn is final: its escalation takes no further step.',
      { current: reviewStatus, allowed: [] },
    );
}

/** "Record the final decision": only the decision maker of the current level decides. */
export function assertMayDecideEscalation({
  actor,
  escalation,
  productOwnerId,
  review,
}: {
  actor: Actor;
  escalation: { state: EscalationState; level: EscalationLevel; reviewStatus: ReviewStatus };
  productOwnerId: number;
  review: ReviewParties;
}): void {
  assertEscalationReviewGoesOn(escalation.reviewStatus);
  if (escalation.state !== 'open') {
    throw new DomainError('RULE_VIOLATION', 'This escalation is already decided.', {
      current: escalation.state,
      allowed: [],
    });
  }
  const isDecisionMaker =
    escalation.level === 'product_owner'
      ? actor.personId === productOwnerId
      : actor.executiveRole === escalation.level;
  if (!isDecisionMaker) {
    throw new DomainError(
      'FORBIDDEN',
      `Only the decision maker of the current level (${ESCALATION_LEVEL_LABELS[escalation.level]}) records the decision.`,
      { level: escalation.level },
    );
  }
  assertNotProposerSide(actor, review, 'decide its escalation (it goes up a level)');
}

/** The states in which a mitigation is still open (it blocks shipping). */
const OPEN_MITIGATION_STATES = ['requested', 'proposed', 'implemented'];

/**
 * "Proceed with mitigations" says what becomes of the mitigations under dispute: each one it supersedes must be
 * an open mitigation of the review in a disputed area. Answers the ids to close.
 */
export function mitigationsSuperseded(
  supersedes: readonly number[],
  escalation: { areas: readonly Area[] },
  mitigations: readonly { id: number; area: Area; state: string }[],
): number[] {
  for (const id of supersedes) {
    const m = mitigations.find((x) => x.id === id);
    if (!m)
      throw new DomainError(
        'VALIDATION',
        'supersedes: a mitigation named is not a mitigation of this review.',
        {
          field: 'supersedes',
        },
      );
    if (!OPEN_MITIGATION_STATES.includes(m.state))
      throw new DomainError(
        'VALIDATION',
        `supersedes: that mitigation is ${inWords(MITIGATION_STATE_LABELS, m.state).toLowerCase()}, not open.`,
        {
          field: 'supersedes',
        },
      );
    if (!escalation.areas.includes(m.area))
      throw new DomainError(
        'VALIDATION',
        `supersedes: mitigation ${id} is in ${AREA_LABELS[m.area]}, not a disputed area (${areaLabelList(escalation.areas)}).`,
        { field: 'supersedes' },
      );
  }
  return [...new Set(supersedes)];
}

/** Raising a level keeps the position papers; the CEO is the last level. */
export function nextEscalationLevel(level: EscalationLevel): EscalationLevel {
  const next = ESCALATION_LEVELS[ESCALATION_LEVELS.indexOf(level) + 1];
  if (!next) {
    throw new DomainError(
      'RULE_VIOLATION',
      'The escalation is already at the CEO; it cannot be raised further.',
      {
        current: level,
        allowed: [],
      },
    );
  }
  return next;
}

export interface EscalationFact {
  id: number;
  state: EscalationState;
  decision: EscalationDecision | null;
  areas: Area[];
}

/** SPEC 9: `proceed` (with or without mitigations) resolves the disputed areas. */
export function areasResolvedByEscalation(escalations: readonly EscalationFact[]): Set<Area> {
  const resolved = new Set<Area>();
  for (const e of escalations) {
    if (e.state === 'decided' && (e.decision === 'proceed' || e.decision === 'proceed_with_mitigations')) {
      for (const a of e.areas) resolved.add(a);
    }
  }
  return resolved;
}

/** SPEC 9: `do_not_ship` blocks for good; the areas an escalation decided so (their objections are final). */
export function areasRefusedByEscalation(escalations: readonly EscalationFact[]): Set<Area> {
  return new Set(
    escalations.filter((e) => e.state === 'decided' && e.decision === 'do_not_ship').flatMap((e) => e.areas),
  );
}
