import { AREAS, recordStewardReview as decideStewardReview, stewardReviewSchema } from '@signoff/core';
import { insertStewardReview, updateReview } from '@signoff/db';
import { z } from 'zod';
import { facilitatorsOf, notify } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema, reviewSummarySchema } from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { reviewCommand } from './review-command.ts';

export const recordStewardReviewInput = z.object({
  review: reviewRefSchema,
  dataReview: stewardReviewSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const recordStewardReviewOutput = reviewSummarySchema.extend({
  outcome: z.enum(['data-review+', 'data-review-']),
  categoryOverridden: z.boolean(),
});

/** Step 2: the data review form, the category, and data-review+ or data-review-. */
export const recordStewardReview = reviewCommand(
  'steward.recordReview',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof recordStewardReviewInput>) => {
    const dataReview = input.dataReview;
    const result = decideStewardReview({
      actor,
      review: ref,
      form: await currentForm(trx, review),
      input: dataReview,
    });
    await insertStewardReview(trx, {
      reviewId: review.id,
      revision: review.current_revision,
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
      review.id,
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
      await notify(trx, ctx, updated, await facilitatorsOf(trx, AREAS), { kind: 'sensitive_review_started' });
    await audit({
      action: 'steward_review.recorded',
      reviewId: review.id,
      subject: review.key,
      before: { status: review.status, category: review.category },
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
);
