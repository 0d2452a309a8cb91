import { z } from 'zod';
import { type Actor, isFacilitatorOf, isProposer } from './actor.ts';
import { AREAS, type Area, areaSchema } from './areas.ts';
import { DomainError } from './errors.ts';
import type { ReviewRef } from './review-status.ts';
import { latestSignOffs, type SignOffFact } from './sign-off.ts';
import { canStill, DISCUSSION_MOVE_WORDS, DISCUSSION_STATE_LABELS, thisReviewIs } from './vocabulary.ts';

/** "Live discussion is often very helpful – and should be planned for – when there is significant risk." */
export const DISCUSSION_STATES = ['scheduled', 'held', 'cancelled'] as const;
export type DiscussionState = (typeof DISCUSSION_STATES)[number];

export const scheduleDiscussionSchema = z.object({
  /** null: the whole review, every area. */
  area: areaSchema.nullable(),
  scheduledAt: z.iso.datetime({ offset: true }),
  attendeeIds: z.array(z.number().int().positive()).max(100),
  agenda: z.string().trim().min(1).max(10_000),
});
export const recordDiscussionHeldSchema = z.object({
  notes: z.string().trim().min(1).max(50_000),
  outcome: z.string().trim().min(1).max(10_000),
});

export type DiscussionMove = 'schedule' | 'hold' | 'cancel';

export const DISCUSSION_MOVES: Record<
  DiscussionMove,
  { from: readonly (DiscussionState | null)[]; to: DiscussionState }
> = {
  schedule: { from: [null], to: 'scheduled' },
  hold: { from: ['scheduled'], to: 'held' },
  cancel: { from: ['scheduled'], to: 'cancelled' },
};

const facilitates = (actor: Actor, area: Area | null) =>
  area === null ? actor.facilitatorAreas.length > 0 : isFacilitatorOf(actor, area);

/**
 * Proposer or facilitator schedule and cancel; only a facilitator of the area records it as held,
 * because a held discussion is what lets a high-risk area ship.
 */
export function moveDiscussion({
  actor,
  review,
  discussion,
  move,
}: {
  actor: Actor;
  review: ReviewRef;
  discussion: { area: Area | null; state: DiscussionState | null };
  move: DiscussionMove;
}): DiscussionState {
  const rule = DISCUSSION_MOVES[move];
  if (review.status !== 'sensitive_review') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Live discussions belong to the sensitive review; ${thisReviewIs(review.status)}.`,
      { current: discussion.state, allowed: [] },
    );
  }
  if (!rule.from.includes(discussion.state)) {
    const allowed = (Object.keys(DISCUSSION_MOVES) as DiscussionMove[]).filter((m) =>
      DISCUSSION_MOVES[m].from.includes(discussion.state),
    );
    throw new DomainError(
      'RULE_VIOLATION',
      `A discussion that is ${discussion.state === null ? 'not scheduled yet' : DISCUSSION_STATE_LABELS[discussion.state].toLowerCase()} cannot be ${DISCUSSION_MOVE_WORDS[move]}; ${canStill(allowed.map((m) => DISCUSSION_MOVE_WORDS[m]))}.`,
      { current: discussion.state, allowed },
    );
  }
  const mayAct =
    move === 'hold'
      ? facilitates(actor, discussion.area)
      : isProposer(actor, review) || facilitates(actor, discussion.area);
  if (!mayAct) {
    throw new DomainError(
      'FORBIDDEN',
      move === 'hold'
        ? 'Only a facilitator of the area records a discussion as held.'
        : 'Only the proposer or a facilitator of the area may do this.',
      { move },
    );
  }
  return rule.to;
}

/** SPEC 5: any area at risk high requires a live discussion to be held. Uses each area's latest sign-off. */
export function areasRequiringDiscussion(signOffs: readonly SignOffFact[]): Area[] {
  const latest = latestSignOffs(signOffs);
  return AREAS.filter((area) => latest.get(area)?.risk === 'high');
}

/** A discussion as the gate sees it: `heldForAreas` are the areas whose facilitator recorded it as held. */
export interface DiscussionFact {
  area: Area | null;
  state: DiscussionState;
  heldForAreas?: readonly Area[] | null;
}

/**
 * The areas a discussion counts for once `actor` records it as held: an area's own discussion counts for that
 * area; a whole-review discussion only for the areas its recorder facilitates (issue 14, hole 4: "an area's
 * required discussion is held only with a facilitator of that area present and recording it").
 */
export const heldForAreas = (actor: Actor, area: Area | null): Area[] =>
  area !== null ? [area] : AREAS.filter((a) => isFacilitatorOf(actor, a));

/**
 * A held discussion satisfies an area when a facilitator of that area recorded it: the area's own
 * discussion, or a whole-review one recorded by a facilitator of the area.
 */
export const hasHeldDiscussion = (discussions: readonly DiscussionFact[], area: Area): boolean =>
  discussions.some(
    (d) => d.state === 'held' && (d.heldForAreas ?? (d.area === null ? [] : [d.area])).includes(area),
  );
