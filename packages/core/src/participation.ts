import { type Actor, isFacilitatorOf, isProposer, type ReviewParties } from './actor.ts';
import type { Area } from './areas.ts';
import { DomainError } from './errors.ts';

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
    throw new DomainError('FORBIDDEN', `Only a facilitator of ${area} adds reviewers to it.`, { area });
  }
  if (review.status !== 'sensitive_review') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Reviewers join a sensitive review; this review is ${review.status}.`,
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

/** Per-area comments: the area's facilitators and reviewers, and the proposer who answers them. */
export function assertMayComment({
  actor,
  area,
  review,
  actorReviewerAreas,
}: {
  actor: Actor;
  area: Area;
  review: ReviewParties;
  /** The areas of this review the actor was added to as a reviewer. */
  actorReviewerAreas: readonly Area[];
}): void {
  if (isFacilitatorOf(actor, area) || actorReviewerAreas.includes(area) || isProposer(actor, review)) return;
  throw new DomainError(
    'FORBIDDEN',
    `Only the facilitators and reviewers of ${area}, and the proposer, comment here.`,
    {
      area,
    },
  );
}
