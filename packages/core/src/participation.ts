import { type Actor, isFacilitatorOf, isProposer, type ReviewParties } from './actor.ts';
import { AREA_LABELS, type Area } from './areas.ts';
import { DomainError } from './errors.ts';
import { thisReviewIs } from './vocabulary.ts';

/**
 * Who never judges a collection: its proposer's side (the creator, the data requester and the engineering
 * owner). They document, revise and answer; the judgement (an area's sign-off, the steward's review, an
 * escalation's decision) belongs to someone else. The one predicate behind every such refusal and button.
 */
export const isOnProposerSide = (actor: Actor, review: ReviewParties): boolean => isProposer(actor, review);

/** Refuses a judgement (`what`: "sign off on it", "review it as a data steward", …) to the proposer's side. */
export function assertNotProposerSide(actor: Actor, review: ReviewParties, what: string): void {
  if (isOnProposerSide(actor, review))
    throw new DomainError(
      'FORBIDDEN',
      `The proposer's side of a review (its creator, data requester and engineering owner) never judges it: they may not ${what}.`,
      { rule: 'proposer_side' },
    );
}

/** "Facilitators … will involve the appropriate reviewers": a facilitator adds reviewers to their area. */
export function assertMayAddReviewer({
  actor,
  area,
  review,
  reviewerId,
}: {
  actor: Actor;
  area: Area;
  review: ReviewParties & { status: string };
  reviewerId: number;
}): void {
  if (!isFacilitatorOf(actor, area)) {
    throw new DomainError('FORBIDDEN', `Only a facilitator of ${AREA_LABELS[area]} adds reviewers to it.`, {
      area,
    });
  }
  if (review.status !== 'sensitive_review') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Reviewers join a sensitive review; ${thisReviewIs(review.status)}.`,
      {
        current: review.status,
      },
    );
  }
  if (reviewerId === review.proposerId || reviewerId === review.engineeringOwnerId) {
    throw new DomainError('VALIDATION', 'The proposer of a review cannot review it.', {
      field: 'reviewerId',
    });
  }
}

/**
 * Per-area comments: the area's facilitators and reviewers, and the proposer who answers them, while the
 * review is in its sensitive review (the areas judge it then; reviewers join it then).
 */
export function assertMayComment({
  actor,
  area,
  review,
  actorReviewerAreas,
}: {
  actor: Actor;
  area: Area;
  review: ReviewParties & { status: string };
  /** The areas of this review the actor was added to as a reviewer. */
  actorReviewerAreas: readonly Area[];
}): void {
  if (!(isFacilitatorOf(actor, area) || actorReviewerAreas.includes(area) || isProposer(actor, review)))
    throw new DomainError(
      'FORBIDDEN',
      `Only the facilitators and reviewers of ${AREA_LABELS[area]}, and the proposer, comment here.`,
      { area },
    );
  if (review.status !== 'sensitive_review')
    throw new DomainError(
      'RULE_VIOLATION',
      `Area comments belong to the sensitive review; ${thisReviewIs(review.status)}.`,
      { current: review.status },
    );
}

/**
 * Comments are threaded: a reply answers a comment of the same review and area (a thread never crosses
 * from one area's discussion into another's).
 */
export function assertReplyInThread(
  parent: { reviewId: number; area: Area | null } | undefined,
  reply: { reviewId: number; area: Area },
): void {
  if (parent && parent.reviewId === reply.reviewId && parent.area === reply.area) return;
  throw new DomainError(
    'VALIDATION',
    parent
      ? `A reply answers a comment on the same area of the same review; that comment is ${parent.reviewId === reply.reviewId ? `on ${parent.area ? AREA_LABELS[parent.area] : 'the whole review'}` : 'on another review'}.`
      : 'The comment this replies to does not exist.',
    { field: 'replyTo' },
  );
}
