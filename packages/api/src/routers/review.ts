import { DomainError, type DraftRequestForm, diffRevisions, draftRequestFormSchema } from '@signoff/core';
import { getRevision, listProducts } from '@signoff/db';
import { z } from 'zod';
import { createReview, createReviewInput } from '../commands/create-review.ts';
import { markShipped } from '../commands/mark-shipped.ts';
import { moveReviewInput } from '../commands/move-review.ts';
import { submitReviewInput } from '../commands/request-steward.ts';
import { resubmitReview } from '../commands/resubmit-review.ts';
import { visibleReview } from '../commands/review-command.ts';
import {
  saveDocumentation,
  saveDocumentationInput,
  saveDocumentationOutput,
} from '../commands/save-documentation.ts';
import { submitReview } from '../commands/submit-review.ts';
import { withdrawReview } from '../commands/withdraw-review.ts';
import { reviewFlow, reviewFlowOutput } from '../review-flow.ts';
import { listReviews, listReviewsInput, listReviewsOutput } from '../review-list.ts';
import { reviewRefSchema, reviewSummarySchema, reviewViewSchema } from '../review-schemas.ts';
import { searchReviews, searchReviewsInput, searchReviewsOutput } from '../review-search.ts';
import { buildReviewView } from '../review-view.ts';
import { personProcedure, router } from '../trpc.ts';

export const reviewRouter = router({
  /** The products a review can be for (proposers pick one when creating a review). */
  products: personProcedure
    .output(z.array(z.object({ id: z.number(), name: z.string() })))
    .query(async ({ ctx }) => (await listProducts(ctx.db)).map((p) => ({ id: p.id, name: p.name }))),

  get: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(reviewViewSchema)
    .query(async ({ ctx, input }) => {
      const row = await visibleReview(ctx, input.review);
      return buildReviewView(ctx.db, row, ctx.now(), ctx.actor, {
        mailServerConfigured: ctx.settings.mailServerConfigured,
      });
    }),

  list: personProcedure
    .input(listReviewsInput)
    .output(listReviewsOutput)
    .query(({ ctx, input }) => {
      const actor = ctx.actor;
      const load = () => listReviews(ctx.db, actor, input, { now: ctx.now() });
      // The inbox is refreshed far more often than reviews change: answers are kept until a change.
      return ctx.cache ? ctx.cache.list(JSON.stringify([actor, input]), load) : load();
    }),

  /** Find anything: full-text search, filters and sort over every review I may see, with the gate per channel. */
  search: personProcedure
    .input(searchReviewsInput)
    .output(searchReviewsOutput)
    .query(({ ctx, input }) => searchReviews(ctx.db, ctx.actor, input, ctx.now(), ctx.cache)),

  /** The flow of reviews through the pipeline's stages and the time each stage takes. */
  flow: personProcedure
    .input(z.object({}).strict().optional())
    .output(reviewFlowOutput)
    .query(({ ctx }) => reviewFlow(ctx.db, ctx.actor)),

  revision: personProcedure
    .input(z.object({ review: reviewRefSchema, number: z.number().int().positive() }))
    .output(
      z.object({
        number: z.number(),
        form: draftRequestFormSchema,
        contentHash: z.string(),
        authorId: z.number(),
        createdAt: z.string(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const row = await visibleReview(ctx, input.review);
      const rev = await getRevision(ctx.db, row.id, input.number);
      if (!rev)
        throw new DomainError('NOT_FOUND', `${row.key} has no revision ${input.number}`, { field: 'number' });
      return {
        number: rev.number,
        form: rev.content as DraftRequestForm,
        contentHash: rev.content_hash,
        authorId: rev.author_id,
        createdAt: rev.created_at.toISOString(),
      };
    }),

  diff: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        from: z.number().int().positive(),
        to: z.number().int().positive(),
      }),
    )
    .output(
      z.object({
        from: z.number(),
        to: z.number(),
        changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const row = await visibleReview(ctx, input.review);
      const [a, b] = await Promise.all([
        getRevision(ctx.db, row.id, input.from),
        getRevision(ctx.db, row.id, input.to),
      ]);
      if (!a)
        throw new DomainError('NOT_FOUND', `${row.key} has no revision ${input.from}`, { field: 'from' });
      if (!b) throw new DomainError('NOT_FOUND', `${row.key} has no revision ${input.to}`, { field: 'to' });
      return {
        from: input.from,
        to: input.to,
        changes: diffRevisions(a.content as DraftRequestForm, b.content as DraftRequestForm),
      };
    }),

  create: personProcedure.input(createReviewInput).output(reviewSummarySchema).mutation(createReview),
  saveDocumentation: personProcedure
    .input(saveDocumentationInput)
    .output(saveDocumentationOutput)
    .mutation(saveDocumentation),
  /** `requestedStewardId`: the data steward the proposer requests (any steward may still take it). */
  submit: personProcedure.input(submitReviewInput).output(reviewSummarySchema).mutation(submitReview),
  resubmit: personProcedure.input(submitReviewInput).output(reviewSummarySchema).mutation(resubmitReview),
  withdraw: personProcedure.input(moveReviewInput).output(reviewSummarySchema).mutation(withdrawReview),
  /** The proposer marks the collection as begun; only when the gate allows every requested channel. */
  markShipped: personProcedure.input(moveReviewInput).output(reviewSummarySchema).mutation(markShipped),
});
