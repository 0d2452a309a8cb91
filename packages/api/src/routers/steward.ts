import {
  recordStewardReview,
  recordStewardReviewInput,
  recordStewardReviewOutput,
} from '../commands/record-steward-review.ts';
import { personProcedure, router } from '../trpc.ts';

export const stewardRouter = router({
  /** Step 2: the data review form, the category, and data-review+ or data-review-. */
  recordReview: personProcedure
    .input(recordStewardReviewInput)
    .output(recordStewardReviewOutput)
    .mutation(recordStewardReview),
});
