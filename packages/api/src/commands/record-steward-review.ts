import {
  recordStewardReview as decideStewardReview,
  LEGAL_TRUST_REASONS,
  type LegalTrustReason,
  ownersOf,
  STEWARD_OUTCOMES,
  stewardReviewSchema,
} from '@signoff/core';
import { insertLegalTrustQuestion, insertStewardReview, updateReview } from '@signoff/db';
import { z } from 'zod';
import { notify, notifySensitiveReviewStarted, stepsOfReview } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema, reviewSummarySchema } from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { reviewCommand } from './review-command.ts';

export const recordStewardReviewInput = z.object({
  review: reviewRefSchema,
  dataReview: stewardReviewSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const recordStewardReviewOutput = reviewSummarySchema.extend({
  outcome: z.enum(STEWARD_OUTCOMES),
  categoryOverridden: z.boolean(),
  /** Non-empty: escalated to Trust and Legal (review.md Q7, Q9); the review waits for their answer. */
  legalTrustReasons: z.array(z.enum(Object.keys(LEGAL_TRUST_REASONS) as [LegalTrustReason])),
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
    const stewardReview = await insertStewardReview(trx, {
      reviewId: review.id,
      revision: review.current_revision,
      stewardId: actor.personId,
      answers: dataReview.answers,
      neededForSecurity: dataReview.neededForSecurity,
      defaultState: dataReview.defaultState,
      category: result.category,
      categoryReason: dataReview.categoryReason ?? null,
      outcome: result.outcome,
      problems: result.returnedQuestions,
      comment: dataReview.review,
      at: ctx.now(),
    });
    // "a data steward may escalate concerns to the Trust and Legal teams": the review waits for their answer.
    if (result.legalTrustReasons.length > 0) {
      await insertLegalTrustQuestion(trx, {
        reviewId: review.id,
        stewardReviewId: stewardReview.id,
        reasons: result.legalTrustReasons,
        at: ctx.now(),
      });
    }
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
    // The owners of the steps this opened: Trust and Legal's answer; each area's sign-off (SPEC 15).
    if (result.legalTrustReasons.length > 0)
      await notify(
        trx,
        ctx,
        updated,
        ownersOf(await stepsOfReview(trx, ctx, review.id), (s) => s.action === 'answer_legal_trust'),
        {
          kind: 'legal_trust_question',
          reasons: result.legalTrustReasons.map((r) => LEGAL_TRUST_REASONS[r]),
        },
      );
    if (sensitive) await notifySensitiveReviewStarted(trx, ctx, updated);
    await audit({
      action: 'steward_review.recorded',
      reviewId: review.id,
      subject: review.key,
      before: { status: review.status, category: review.category },
      after: {
        status: result.nextStatus,
        category: result.category,
        outcome: result.outcome,
        neededForSecurity: dataReview.neededForSecurity,
        defaultState: dataReview.defaultState,
        returnedQuestions: result.returnedQuestions,
        legalTrustReasons: result.legalTrustReasons,
      },
    });
    return {
      ...summaryOf(updated, await productName(trx, updated.product_id)),
      outcome: result.outcome,
      categoryOverridden: result.categoryOverridden,
      legalTrustReasons: result.legalTrustReasons,
    };
  },
);
