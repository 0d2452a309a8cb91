import { nextStatusAfterWithdraw } from '@signoff/core';
import { moveReview } from './move-review.ts';

/** SPEC 3: any state that is not final → withdrawn, by its proposer. */
export const withdrawReview = moveReview('review.withdrawn', ({ actor, ref }) =>
  nextStatusAfterWithdraw({ actor, review: ref }),
);
