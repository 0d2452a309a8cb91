import type { Area } from './areas.ts';

/** The executives an escalation rises to after the product owner (SPEC 9). */
export const EXECUTIVE_ROLES = ['cpo', 'ceo'] as const;
export type ExecutiveRole = (typeof EXECUTIVE_ROLES)[number];

/** Who is acting, as the rules need to know them. Built by the API from the signed-in person. */
export interface Actor {
  personId: number;
  isAdmin: boolean;
  isSteward: boolean;
  facilitatorAreas: Area[];
  executiveRole: ExecutiveRole | null;
}

/**
 * The accountable people of a review: its creator (`proposerId`), the data requester and the engineering
 * owner. `requesterId` is absent where only the creator is known (it defaults to the creator).
 */
export interface ReviewParties {
  proposerId: number;
  requesterId?: number | null;
  engineeringOwnerId: number | null;
}

/**
 * The proposer's side: the creator, the data requester and the engineering owner all act for the collection
 * (and so never judge it; see `assertNotProposerSide` in participation.ts).
 */
export const isProposer = (actor: Actor, review: ReviewParties): boolean =>
  actor.personId === review.proposerId ||
  (review.requesterId != null && actor.personId === review.requesterId) ||
  (review.engineeringOwnerId !== null && actor.personId === review.engineeringOwnerId);

export const isFacilitatorOf = (actor: Actor, area: Area): boolean => actor.facilitatorAreas.includes(area);

/** The people of the proposer's side, by id (the creator first). */
export const proposerSideIds = (review: ReviewParties): number[] => [
  ...new Set(
    [review.proposerId, review.requesterId, review.engineeringOwnerId].filter(
      (id): id is number => id != null,
    ),
  ),
];
