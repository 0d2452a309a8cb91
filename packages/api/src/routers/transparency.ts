import { z } from 'zod';
import { reviewRefSchema } from '../review-schemas.ts';
import {
  listPublicReviews,
  publicListInput,
  publicListOutput,
  publicReview,
  publicReviewSchema,
} from '../transparency-view.ts';
import { publicProcedure, router } from '../trpc.ts';

/**
 * Transparency: "We make our decisions about data collection public and accessible." Without signing in,
 * anyone reads the public reviews and their decisions (transparency-view.ts decides what is public).
 */
export const transparencyRouter = router({
  /** The public reviews with their status and steward decision; no sign-in needed. */
  list: publicProcedure
    .input(publicListInput)
    .output(publicListOutput)
    .query(({ ctx, input }) => listPublicReviews(ctx.db, input)),

  /** One public review with its documentation and decisions; a private one does not exist here. */
  get: publicProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(publicReviewSchema)
    .query(({ ctx, input }) => publicReview(ctx.db, input.review, ctx.now())),
});
