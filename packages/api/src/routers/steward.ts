import { AREAS, recordStewardReview, stewardReviewSchema } from '@signoff/core';
import { insertStewardReview, updateReview } from '@signoff/db';
import { z } from 'zod';
import { facilitatorsOf, notify } from '../notify.ts';
import { lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema, reviewSummarySchema } from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

export const stewardRouter = router({
  /** Step 2: the data review form, the category, and data-review+ or data-review-. */
  recordReview: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        dataReview: stewardReviewSchema,
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(
      reviewSummarySchema.extend({
        outcome: z.enum(['data-review+', 'data-review-']),
        categoryOverridden: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          const dataReview = input.dataReview;
          const result = recordStewardReview({
            actor,
            review: reviewRef(row),
            form: await currentForm(trx, row),
            input: dataReview,
          });
          await insertStewardReview(trx, {
            reviewId: row.id,
            revision: row.current_revision,
            stewardId: actor.personId,
            answers: dataReview.answers,
            category: result.category,
            categoryReason: dataReview.categoryReason ?? null,
            outcome: result.outcome,
            problems: result.returnedQuestions,
            comment: dataReview.review,
            at: ctx.now(),
          });
          const sensitive = result.nextStatus === 'sensitive_review';
          const updated = await updateReview(
            trx,
            row.id,
            {
              status: result.nextStatus,
              category: result.category,
              steward_outcome: result.outcome,
              ...(sensitive ? { sensitive_review_at: ctx.now() } : {}),
            },
            ctx.now(),
          );
          // Facilitators of every area: a sensitive review starts and waits for their judgement.
          if (sensitive)
            await notify(trx, ctx, updated, await facilitatorsOf(trx, AREAS), {
              kind: 'sensitive_review_started',
            });
          await audit({
            action: 'steward_review.recorded',
            reviewId: row.id,
            subject: row.key,
            before: { status: row.status, category: row.category },
            after: {
              status: result.nextStatus,
              category: result.category,
              outcome: result.outcome,
              returnedQuestions: result.returnedQuestions,
            },
          });
          return {
            ...summaryOf(updated, await productName(trx, updated.product_id)),
            outcome: result.outcome,
            categoryOverridden: result.categoryOverridden,
          };
        },
        { key: input.idempotencyKey, procedure: 'steward.recordReview' },
      );
    }),
});
