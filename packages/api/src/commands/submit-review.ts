import { assertReadyForSubmission, nextStatusAfterSubmit } from '@signoff/core';
import { currentForm } from '../review-view.ts';
import { moveReview } from './move-review.ts';

/** Step 1: the data requester submits the request form to a data steward. */
export const submitReview = moveReview(
  'review.submitted',
  async ({ trx, actor, review, ref }) => {
    const status = nextStatusAfterSubmit({ actor, review: ref });
    assertReadyForSubmission(await currentForm(trx, review), null);
    return status;
  },
  ({ ctx }) => ({ submitted_at: ctx.now() }),
);
