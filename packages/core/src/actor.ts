import type { Area } from './areas.ts';

/** Who is acting, as the rules need to know them. Built by the API from the signed-in person. */
export interface Actor {
  personId: number;
  isAdmin: boolean;
  isSteward: boolean;
  facilitatorAreas: Area[];
  executiveRole: 'cpo' | 'ceo' | null;
}

/** The accountable people of a review: the data requester (proposer) and the engineering owner. */
export interface ReviewParties {
  proposerId: number;
  engineeringOwnerId: number | null;
}

/** The requester and the engineering owner both act for the collection (and so never judge it). */
export const isProposer = (actor: Actor, review: ReviewParties): boolean =>
  actor.personId === review.proposerId ||
  (review.engineeringOwnerId !== null && actor.personId === review.engineeringOwnerId);

export const isFacilitatorOf = (actor: Actor, area: Area): boolean => actor.facilitatorAreas.includes(area);
