import { z } from 'zod';
import { type Actor, isFacilitatorOf } from './actor.ts';
import { AREA_LABELS, AREAS, type Area, areaLabelList, PREREQUISITE_AREAS } from './areas.ts';
import { DomainError } from './errors.ts';
import { assertNotProposerSide } from './participation.ts';
import type { ReviewRef } from './review-status.ts';
import { thisReviewIs } from './vocabulary.ts';

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];

export const SIGN_OFF_DECISIONS = ['approved', 'changes_requested', 'rejected'] as const;
export type SignOffDecision = (typeof SIGN_OFF_DECISIONS)[number];

/** One area's sign-off as the rules see it: bound to the revision it was recorded on. */
export interface SignOffFact {
  area: Area;
  revision: number;
  risk: Risk;
  decision: SignOffDecision;
  /** SPEC 6 "Trust approval": only ever true on a legal_trust sign-off. */
  trustApproval: boolean;
}

/** A precedent review: `DR-9`, `dr-9`, `9` or 9 → 9; blank or null → null. */
export const precedentSchema = z
  .union([
    z.number().int().positive(),
    z
      .string()
      .trim()
      .regex(/^((DR-)?\d{1,15})?$/i, 'a review key like DR-9 (or its number)')
      .transform((s) => (s === '' ? null : Number(s.replace(/^DR-/i, '')))),
  ])
  .nullable()
  .default(null)
  .refine((id) => id === null || Number.isSafeInteger(id), 'a review key like DR-9 (or its number)');

export const signOffInputSchema = z.object({
  risk: z.enum(RISKS),
  decision: z.enum(SIGN_OFF_DECISIONS),
  rationale: z.string().trim().min(1).max(10_000),
  /**
   * An earlier review this one follows ("clear precedent"): its key as the product shows it (`DR-9`), or its
   * id; blank is none. Anything else is refused, never dropped (issue 14, hole 5).
   */
  precedentReviewId: precedentSchema,
  trustApproval: z.boolean().default(false),
});
export type SignOffInput = z.input<typeof signOffInputSchema>;

export type SignOffState = 'missing' | 'stale' | 'current';

/** SPEC 5: a new documentation revision makes every earlier sign-off stale; stale sign-offs do not count. */
export const isStale = (signOff: Pick<SignOffFact, 'revision'>, currentRevision: number): boolean =>
  signOff.revision < currentRevision;

/** The latest sign-off of each area (highest revision; on a tie, the later one in the list). */
export function latestSignOffs<S extends SignOffFact>(signOffs: readonly S[]): Map<Area, S> {
  const latest = new Map<Area, S>();
  for (const s of signOffs) {
    const seen = latest.get(s.area);
    if (!seen || s.revision >= seen.revision) latest.set(s.area, s);
  }
  return latest;
}

export function signOffState(signOff: SignOffFact | undefined, currentRevision: number): SignOffState {
  if (!signOff) return 'missing';
  return isStale(signOff, currentRevision) ? 'stale' : 'current';
}

/** Areas whose latest sign-off approves the current revision. */
export function areasApproved(signOffs: readonly SignOffFact[], currentRevision: number): Area[] {
  const latest = latestSignOffs(signOffs);
  return AREAS.filter((area) => {
    const s = latest.get(area);
    return s !== undefined && !isStale(s, currentRevision) && s.decision === 'approved';
  });
}

/** SPEC 6 "prior Trust approval": the current legal_trust sign-off approves and grants it. */
export function hasTrustApproval(signOffs: readonly SignOffFact[], currentRevision: number): boolean {
  const legal = latestSignOffs(signOffs).get('legal_trust');
  return (
    legal !== undefined &&
    !isStale(legal, currentRevision) &&
    legal.decision === 'approved' &&
    legal.trustApproval
  );
}

export interface SignOffContext {
  actor: Actor;
  area: Area;
  review: ReviewRef;
  signOffs: readonly SignOffFact[];
  currentRevision: number;
  /** Areas an escalation decided `proceed` (or with mitigations) on: they count as approved for the order. */
  resolvedByEscalation?: readonly Area[];
}

/** Who may record an area's decision, when, and in which order (Step 3, SPEC 5). */
export function assertMaySignOffNow({
  actor,
  area,
  review,
  signOffs,
  currentRevision,
  resolvedByEscalation = [],
}: SignOffContext): void {
  // "Facilitators … express judgement about how much risk is involved": only the area's facilitators sign off.
  if (!isFacilitatorOf(actor, area)) {
    throw new DomainError('FORBIDDEN', `Only a facilitator of ${AREA_LABELS[area]} records its sign-off.`, {
      area,
    });
  }
  // Accountability: whoever proposes a collection never approves it.
  assertNotProposerSide(actor, review, `sign off on ${AREA_LABELS[area]}`);
  if (review.status !== 'sensitive_review') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Sign-offs are recorded during the sensitive review; ${thisReviewIs(review.status)}.`,
      { current: review.status, area },
    );
  }
  // "…should be completed as a prerequisite ahead of legal and security."
  if (area === 'legal_trust' || area === 'security') {
    const approved = areasApproved(signOffs, currentRevision);
    // An escalation decided `proceed` resolves its disputed areas: the decision maker has ruled (SPEC 9).
    const waitingFor = PREREQUISITE_AREAS.filter(
      (a) => !approved.includes(a) && !resolvedByEscalation.includes(a),
    );
    if (waitingFor.length > 0) {
      throw new DomainError(
        'RULE_VIOLATION',
        `${AREA_LABELS[area]} cannot record a decision until ${areaLabelList(PREREQUISITE_AREAS)} have approved the current revision (${currentRevision}); not yet approved: ${areaLabelList(waitingFor)}.`,
        { area, currentRevision, waitingFor },
      );
    }
  }
}

/**
 * Refuses a sign-off the policy does not allow: not a facilitator of the area or the proposer
 * (FORBIDDEN), not in sensitive review or out of order (RULE_VIOLATION), no rationale or a Trust approval
 * outside a legal_trust approval (VALIDATION).
 */
export function assertMayRecordSignOff(ctx: SignOffContext & { input: SignOffInput }): void {
  assertMaySignOffNow(ctx);
  const { input, area } = ctx;
  if (typeof input.rationale !== 'string' || input.rationale.trim() === '') {
    throw new DomainError('VALIDATION', 'A sign-off needs a written rationale.', { field: 'rationale' });
  }
  if (input.trustApproval) {
    if (area !== 'legal_trust') {
      throw new DomainError('VALIDATION', 'Trust approval is granted only with a legal_trust sign-off.', {
        field: 'trustApproval',
      });
    }
    if (input.decision !== 'approved') {
      throw new DomainError('VALIDATION', 'Trust approval is granted only with an approving sign-off.', {
        field: 'trustApproval',
      });
    }
  }
}

/**
 * SPEC 5 "re-confirms on the new revision with one action": the area's stale sign-off, carried to the
 * current revision unchanged (the caller copies rationale and precedent). Same rules as a new sign-off.
 */
export function planReconfirmation(ctx: SignOffContext): SignOffFact & { reconfirmsRevision: number } {
  const previous = latestSignOffs(ctx.signOffs).get(ctx.area);
  if (!previous || !isStale(previous, ctx.currentRevision)) {
    throw new DomainError(
      'RULE_VIOLATION',
      previous
        ? `The ${AREA_LABELS[ctx.area]} sign-off is already on the current revision (${ctx.currentRevision}).`
        : `${AREA_LABELS[ctx.area]} has no sign-off to re-confirm.`,
      { area: ctx.area, currentRevision: ctx.currentRevision },
    );
  }
  assertMaySignOffNow(ctx);
  return {
    area: ctx.area,
    revision: ctx.currentRevision,
    risk: previous.risk,
    decision: previous.decision,
    trustApproval: previous.trustApproval,
    reconfirmsRevision: previous.revision,
  };
}
