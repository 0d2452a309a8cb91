import { assertReadyForSubmission, nextStatusAfterResubmit } from '@signoff/core';
import { currentForm } from '../review-view.ts';
import { moveReview } from './move-review.ts';
import {
  checkRequestedSteward,
  recordStewardRequest,
  requestedStewardPatch,
  type SubmitReviewInput,
} from './request-steward.ts';

/**
 * "Unapproved requests are returned to data requesters for changes": revised, then submitted again (to the
 * steward requested before, unless another is named).
 */
export const resubmitReview = moveReview<SubmitReviewInput>(
  'review.resubmitted',
  async ({ trx, actor, review, ref }, input) => {
    const status = nextStatusAfterResubmit({ actor, review: ref });
    assertReadyForSubmission(await currentForm(trx, review), null);
    await checkRequestedSteward(trx, ref, input.requestedStewardId);
    return status;
  },
  ({ ctx }, input) => ({ submitted_at: ctx.now(), steward_outcome: null, ...requestedStewardPatch(input) }),
  recordStewardRequest,
);
