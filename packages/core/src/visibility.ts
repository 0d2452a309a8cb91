import { z } from 'zod';
import type { Actor } from './actor.ts';
import type { Category } from './categories.ts';
import { DomainError } from './errors.ts';
import type { ReviewStatus } from './review-status.ts';

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** "Mozilla always strives to make data reviews public"; private only with a reason. */
export const visibilitySchema = z.discriminatedUnion('visibility', [
  z.object({ visibility: z.literal('public') }),
  z.object({ visibility: z.literal('private'), privateReason: z.string().trim().min(1).max(2_000) }),
]);

export interface VisibilityFacts {
  visibility: Visibility;
  status: ReviewStatus;
  category: Category | null;
  /** Proposer, engineering owner, assigned steward, reviewers and anyone else involved in this review. */
  participantIds: readonly number[];
  /** The product's decision makers (its owner). */
  decisionMakerIds: readonly number[];
}

/** "These reviews will be made public once the actual data collection begins." */
export const isPublic = (review: Pick<VisibilityFacts, 'visibility' | 'status'>): boolean =>
  review.visibility === 'public' || review.status === 'shipped';

/**
 * SPEC 10: a private review is visible only to its participants, stewards, the product's decision makers
 * (and the CPO/CEO, decision makers of any escalation) and admins. In a sensitive review (category 3/4)
 * every area's facilitators take part. `actor` null = the public.
 */
export function canSeeReview(actor: Actor | null, review: VisibilityFacts): boolean {
  if (isPublic(review)) return true;
  if (!actor) return false;
  return (
    actor.isAdmin ||
    actor.isSteward ||
    actor.executiveRole !== null ||
    review.participantIds.includes(actor.personId) ||
    review.decisionMakerIds.includes(actor.personId) ||
    (review.category !== null && review.category >= 3 && actor.facilitatorAreas.length > 0)
  );
}

/** To anyone who may not see it, a private review does not exist: NOT_FOUND, never FORBIDDEN. */
export function assertCanSeeReview(actor: Actor | null, review: VisibilityFacts): void {
  if (!canSeeReview(actor, review)) throw new DomainError('NOT_FOUND', 'Review not found.');
}
