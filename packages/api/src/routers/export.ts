import {
  renderRequestText,
  renderReviewMarkdown,
  renderStewardReviewText,
  reviewExportSchema,
} from '@signoff/core';
import { z } from 'zod';
import { loadVisibleReview } from '../review-access.ts';
import { buildReviewExport } from '../review-export-document.ts';
import { reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';

const fileName = (key: string, ext: string) => `${key}-review.${ext}`;

const plainTextOutput = z.object({
  fileName: z.string(),
  contentType: z.literal('text/plain; charset=utf-8'),
  text: z.string(),
});
const plainText = (name: string, text: string) => ({
  fileName: name,
  contentType: 'text/plain; charset=utf-8' as const,
  text,
});

/** One review, complete, for the record: as JSON and as a readable Markdown report. */
export const exportRouter = router({
  json: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(reviewExportSchema)
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, ctx.actor);
      return buildReviewExport(ctx.db, row, ctx.now(), ctx.actor.personId);
    }),

  markdown: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(
      z.object({
        fileName: z.string(),
        contentType: z.literal('text/markdown; charset=utf-8'),
        text: z.string(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, ctx.actor);
      const doc = await buildReviewExport(ctx.db, row, ctx.now(), ctx.actor.personId);
      return {
        fileName: fileName(row.key, 'md'),
        contentType: 'text/markdown; charset=utf-8' as const,
        text: renderReviewMarkdown(doc),
      };
    }),

  /** The request as the plain-text form a Bugzilla attachment holds (request.md, question by question). */
  requestText: personProcedure
    .input(z.object({ review: reviewRefSchema, revision: z.number().int().positive().optional() }))
    .output(plainTextOutput)
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, ctx.actor);
      const doc = await buildReviewExport(ctx.db, row, ctx.now(), ctx.actor.personId);
      return plainText(`${row.key}-request.txt`, renderRequestText(doc, input.revision));
    }),

  /** The data steward's review as the plain-text form a Bugzilla attachment holds (review.md). */
  stewardReviewText: personProcedure
    .input(z.object({ review: reviewRefSchema, stewardReviewId: z.number().int().positive().optional() }))
    .output(plainTextOutput)
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, ctx.actor);
      const doc = await buildReviewExport(ctx.db, row, ctx.now(), ctx.actor.personId);
      return plainText(`${row.key}-data-review.txt`, renderStewardReviewText(doc, input.stewardReviewId));
    }),
});
