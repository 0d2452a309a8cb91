import { assertReadyForSubmission, nextStatusAfterResubmit } from '@signoff/core';
import { currentForm } from '../review-view.ts';
import { moveReview } from './move-review.ts';

/** "Unapproved requests are returned to data requesters for changes": revised, then submitted again. */
export const resubmitReview = moveReview(
  'review.resubmitted',
  async ({ trx, actor, review, ref }) => {
    const status = nextStatusAfterResubmit({ actor, review: ref });
    assertReadyForSubmission(await currentForm(trx, review), null);
    return status;
  },
  ({ ctx }) => ({ submitted_at: ctx.now(), steward_outcome: null }),
);
