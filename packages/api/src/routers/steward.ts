import {
  answerLegalTrust,
  answerLegalTrustInput,
  answerLegalTrustOutput,
} from '../commands/answer-legal-trust.ts';
import {
  recategoriseReview,
  recategoriseReviewInput,
  recategoriseReviewOutput,
} from '../commands/recategorise-review.ts';
import {
  recordStewardReview,
  recordStewardReviewInput,
  recordStewardReviewOutput,
} from '../commands/record-steward-review.ts';
import {
  requestableStewards,
  requestableStewardsInput,
  requestableStewardsOutput,
} from '../commands/request-steward.ts';
import { personProcedure, router } from '../trpc.ts';

export const stewardRouter = router({
  /** The active data stewards, by name, off the proposer's side: the proposer requests one at submission. */
  list: personProcedure
    .input(requestableStewardsInput)
    .output(requestableStewardsOutput)
    .query(({ ctx, input }) => requestableStewards(ctx, input)),
  /** Step 2: the data review form, the category, and data-review+ or data-review-. */
  recordReview: personProcedure
    .input(recordStewardReviewInput)
    .output(recordStewardReviewOutput)
    .mutation(recordStewardReview),
  /** A revision listed a measurement above the review's category: a steward re-categorises it. */
  recategorise: personProcedure
    .input(recategoriseReviewInput)
    .output(recategoriseReviewOutput)
    .mutation(recategoriseReview),
  /** Trust and Legal answer the steward's escalation (review.md Q7, Q9). */
  answerLegalTrust: personProcedure
    .input(answerLegalTrustInput)
    .output(answerLegalTrustOutput)
    .mutation(answerLegalTrust),
});
