import { z } from 'zod';
import { type Actor, isFacilitatorOf, isProposer } from './actor.ts';
import { AREA_LABELS, type Area, areaSchema } from './areas.ts';
import type { StepAction } from './blockers.ts';
import { DomainError } from './errors.ts';
import { assertNotProposerSide } from './participation.ts';
import type { ReviewRef } from './review-status.ts';
import {
  canStill,
  MITIGATION_MOVE_DONE,
  MITIGATION_MOVE_WORDS,
  MITIGATION_STATE_LABELS,
  thisReviewIs,
} from './vocabulary.ts';

/** "Mitigations may include UX changes that make users aware of additional risk, technical mechanisms that
 * remove the risk, or a risk assessment … that determines the risk is limited." */
export const MITIGATION_KINDS = ['ux_notice', 'technical_control', 'risk_assessment', 'other'] as const;
export type MitigationKind = (typeof MITIGATION_KINDS)[number];

/** The kinds in the policy's words, for every message a person reads. */
export const MITIGATION_KIND_LABELS: Record<MitigationKind, string> = {
  ux_notice: 'a UX change that makes users aware of the risk',
  technical_control: 'a technical mechanism that removes the risk',
  risk_assessment: 'a risk assessment that finds the risk limited',
  other: 'another measure',
};

export const MITIGATION_STATES = [
  'requested',
  'proposed',
  'implemented',
  'accepted',
  'rejected',
  'withdrawn',
] as const;
export type MitigationState = (typeof MITIGATION_STATES)[number];

/** SPEC 7: anything not accepted or withdrawn blocks shipping. */
export const isMitigationOpen = (state: MitigationState): boolean =>
  state !== 'accepted' && state !== 'withdrawn';

export const mitigationInputSchema = z.object({
  area: areaSchema,
  kind: z.enum(MITIGATION_KINDS),
  description: z.string().trim().min(1).max(10_000),
});

/** The moves of a mitigation after the request that opens it. */
const LATER_MOVES = ['propose', 'implement', 'accept', 'reject', 'revise', 'withdraw'] as const;
export const MITIGATION_MOVE_NAMES = ['request', ...LATER_MOVES] as const;
export type MitigationMove = (typeof MITIGATION_MOVE_NAMES)[number];
/** A message of a mitigation's exchange: the text it was opened with, then a reply or note of a later move. */
export const MITIGATION_THREAD_MOVES = ['open', ...LATER_MOVES] as const satisfies readonly (
  | 'open'
  | MitigationMove
)[];
export type MitigationThreadMove = (typeof MITIGATION_THREAD_MOVES)[number];
/** The moves of a mitigation that exists already (every move but the request that creates one). */
export type ExistingMitigationMove = Exclude<MitigationThreadMove, 'open'>;
type Mover = 'facilitator' | 'proposer';

/** The state machine and who may make each move. `null` = the mitigation does not exist yet. */
export const MITIGATION_MOVES: Record<
  MitigationMove,
  { from: readonly (MitigationState | null)[]; to: MitigationState; by: Mover }
> = {
  request: { from: [null], to: 'requested', by: 'facilitator' },
  propose: { from: [null, 'requested'], to: 'proposed', by: 'proposer' },
  implement: { from: ['proposed'], to: 'implemented', by: 'proposer' },
  accept: { from: ['implemented'], to: 'accepted', by: 'facilitator' },
  reject: { from: ['implemented'], to: 'rejected', by: 'facilitator' },
  // A rejected mitigation can be reworked and proposed again, rather than block forever.
  revise: { from: ['rejected'], to: 'proposed', by: 'proposer' },
  withdraw: { from: ['requested', 'proposed', 'implemented'], to: 'withdrawn', by: 'proposer' },
};

/**
 * Who moves an open mitigation next, and how: the proposer answers a request, implements a proposal and
 * reworks a rejection; a facilitator of its area judges an implemented one (accepts or rejects it).
 */
export function mitigationStep(m: { area: Area; state: MitigationState }): {
  role: 'proposer' | 'facilitator';
  action: StepAction;
  area: Area;
} {
  const action: StepAction =
    m.state === 'requested'
      ? 'propose_mitigation'
      : m.state === 'implemented'
        ? 'judge_mitigation'
        : m.state === 'rejected'
          ? 'revise_mitigation'
          : 'implement_mitigation';
  return { role: action === 'judge_mitigation' ? 'facilitator' : 'proposer', action, area: m.area };
}

export const allowedMitigationMoves = (state: MitigationState | null): MitigationMove[] =>
  (Object.keys(MITIGATION_MOVES) as MitigationMove[]).filter((m) => MITIGATION_MOVES[m].from.includes(state));

/**
 * Applies one move and returns the new state. Illegal move: RULE_VIOLATION with `{ current, allowed }`;
 * wrong person: FORBIDDEN. `implement` names the revision that incorporates the mitigation (≤ current).
 */
export function moveMitigation({
  actor,
  review,
  mitigation,
  move,
  currentRevision,
  implementedInRevision,
}: {
  actor: Actor;
  review: ReviewRef;
  mitigation: { area: Area; state: MitigationState | null };
  move: MitigationMove;
  currentRevision: number | null;
  implementedInRevision?: number | null;
}): MitigationState {
  const rule = MITIGATION_MOVES[move];
  const current = mitigation.state;
  if (review.status !== 'sensitive_review') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Mitigations belong to the sensitive review; ${thisReviewIs(review.status)}.`,
      { current, allowed: [], reviewStatus: review.status },
    );
  }
  if (!rule.from.includes(current)) {
    const allowed = allowedMitigationMoves(current);
    throw new DomainError(
      'RULE_VIOLATION',
      `A mitigation ${current ? `that is ${MITIGATION_STATE_LABELS[current].toLowerCase()}` : 'that does not exist yet'} cannot be ${MITIGATION_MOVE_DONE[move]}; ${canStill(allowed.map((m) => MITIGATION_MOVE_DONE[m]))}.`,
      { current, allowed },
    );
  }
  if (rule.by === 'proposer' && !isProposer(actor, review)) {
    throw new DomainError('FORBIDDEN', `Only the proposer of the review may ${move} a mitigation.`, { move });
  }
  if (rule.by === 'facilitator') {
    if (!isFacilitatorOf(actor, mitigation.area)) {
      throw new DomainError(
        'FORBIDDEN',
        `Only a facilitator of ${AREA_LABELS[mitigation.area]} may ${MITIGATION_MOVE_WORDS[move]} this mitigation.`,
        {
          move,
          area: mitigation.area,
        },
      );
    }
    // The proposer never judges their own mitigation, even when they facilitate its area.
    if (move !== 'request') assertNotProposerSide(actor, review, `${move} its mitigations`);
  }
  if (move === 'implement') {
    const r = implementedInRevision;
    if (r == null || !Number.isInteger(r) || r < 1 || currentRevision === null || r > currentRevision) {
      throw new DomainError(
        'VALIDATION',
        `An implemented mitigation names the documentation revision that incorporates it (1..${currentRevision ?? 0}).`,
        { field: 'revision', currentRevision },
      );
    }
  }
  return rule.to;
}
