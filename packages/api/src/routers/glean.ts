import { bugNumberSchema, draftFromParsed, gleanFilesSchema } from '@signoff/core';
import { listGleanImports } from '@signoff/db';
import { z } from 'zod';
import { createReviewFromGlean, createReviewFromGleanInput } from '../commands/create-review-from-glean.ts';
import { gleanImportOutput, importedMetricSchema } from '../commands/glean-import.ts';
import { reimportGlean, reimportGleanInput } from '../commands/reimport-glean.ts';
import { visibleReview } from '../commands/review-command.ts';
import { parseGleanFilesOffThread } from '../glean-parse.ts';
import { reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';

export const gleanRouter = router({
  /**
   * Reads metrics.yaml files for a bug and says what an import would make of them, writing nothing: the
   * metrics that list the bug, their category and the warnings; errors as createReview's (file, line, field).
   * A mutation only because the files are too large for a query's URL.
   */
  preview: personProcedure
    .input(z.object({ bug: bugNumberSchema, files: gleanFilesSchema }))
    .output(
      gleanImportOutput
        .pick({ bug: true, metrics: true, category: true, prefilled: true, warnings: true })
        .extend({ metricsRead: z.number() }),
    )
    .mutation(async ({ input }) => {
      const parsed = await parseGleanFilesOffThread(input.files, input.bug);
      const draft = draftFromParsed(parsed);
      return {
        bug: input.bug,
        metrics: draft.metrics,
        category: draft.category,
        prefilled: draft.prefilled,
        warnings: draft.warnings,
        metricsRead: parsed.metricsRead,
      };
    }),

  /**
   * A review draft from metrics.yaml files and a bug number, as glean_parser's data-review template: every
   * metric whose `bugs` list the bug becomes a measurement row. Errors name the file, line and field.
   */
  createReview: personProcedure
    .input(createReviewFromGleanInput)
    .output(gleanImportOutput)
    .mutation(createReviewFromGlean),
  /** Imports updated metrics.yaml files into a review whose documentation may still change. */
  reimport: personProcedure.input(reimportGleanInput).output(gleanImportOutput).mutation(reimportGlean),

  /** Every Glean import of a review, with its metrics and their data_sensitivity. */
  imports: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          bug: z.string(),
          revision: z.number(),
          files: z.array(z.object({ name: z.string(), sha256: z.string() })),
          metrics: z.array(importedMetricSchema),
          importedBy: z.number(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const row = await visibleReview(ctx, input.review);
      return (await listGleanImports(ctx.db, row.id)).map((g) => ({
        id: g.id,
        bug: g.bug,
        revision: g.revision,
        files: g.files,
        metrics: g.metrics,
        importedBy: g.imported_by,
        createdAt: g.created_at.toISOString(),
      }));
    }),
});
