import { assertReadyForSubmission, nextStatusAfterSubmit } from '@signoff/core';
import { currentForm } from '../review-view.ts';
import { moveReview } from './move-review.ts';
import {
  checkRequestedSteward,
  recordStewardRequest,
  requestedStewardPatch,
  type SubmitReviewInput,
} from './request-steward.ts';

/** Step 1: the data requester submits the request form to a data steward, naming the steward they request. */
export const submitReview = moveReview<SubmitReviewInput>(
  'review.submitted',
  async ({ trx, actor, review, ref }, input) => {
    const status = nextStatusAfterSubmit({ actor, review: ref });
    assertReadyForSubmission(await currentForm(trx, review), null);
    await checkRequestedSteward(trx, ref, input.requestedStewardId);
    return status;
  },
  ({ ctx }, input) => ({ submitted_at: ctx.now(), ...requestedStewardPatch(input) }),
  recordStewardRequest,
);
