import type { Area } from '@signoff/core';
import type { ReviewView } from '../../api.ts';

// Issue 13: the screens derive no rule of their own. review.get answers, for the signed-in person, every action
// they may take now and, for each they may not, the reason in words (core's next-steps.ts); screens offer
// what is allowed and put the reason beside what is not.

export type Verdict = ReviewView['allowedActions'][number];
export type ReviewAction = Verdict['action'];
type Step = ReviewView['openSteps'][number];

interface Match {
  area?: Area;
  mitigationId?: number;
  escalationId?: number;
  move?: Verdict['move'];
}

const matches = (v: Match, m: Match) =>
  (m.area === undefined || v.area === m.area) &&
  (m.mitigationId === undefined || v.mitigationId === m.mitigationId) &&
  (m.escalationId === undefined || v.escalationId === m.escalationId) &&
  (m.move === undefined || v.move === m.move);

/** The API's verdict on one action (undefined when it does not apply to this review at all). */
export const verdictOf = (review: ReviewView, action: ReviewAction, m: Match = {}): Verdict | undefined =>
  review.allowedActions.find((v) => v.action === action && matches(v, m));

export const isAllowed = (review: ReviewView, action: ReviewAction, m: Match = {}) =>
  verdictOf(review, action, m)?.allowed === true;

/** Every allowed verdict of one action (e.g. each mitigation move, each area a mitigation may be requested in). */
export const allowedOf = (review: ReviewView, action: ReviewAction, m: Match = {}) =>
  review.allowedActions.filter((v) => v.action === action && v.allowed && matches(v, m));

/**
 * An open step that waits for `personId` (SPEC 15): a refusal is worth showing to its owner ("after
 * Privacy/Technical and Data approve"), not to everyone who could never take it.
 */
export const stepAwaits = (review: ReviewView, personId: number, actions: Step['action'][], m: Match = {}) =>
  review.openSteps.some(
    (s) =>
      actions.includes(s.action) &&
      s.owner.personIds.includes(personId) &&
      matches({ ...s, move: undefined } as Match, { ...m, move: undefined }),
  );
