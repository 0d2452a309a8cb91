import {
  assertMayRecategorise,
  contentHash,
  DomainError,
  diffRevisions,
  draftRequestFormSchema,
  highestMeasurementCategory,
  isSensitiveCategory,
  nextRevisionNumber,
  recategorisationSchema,
} from '@signoff/core';
import { insertRevision, updateReview } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema, reviewSummarySchema } from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { storeApprovedAreas } from './approved-areas.ts';
import { reviewCommand } from './review-command.ts';

export const recategoriseReviewInput = recategorisationSchema.extend({
  review: reviewRefSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const recategoriseReviewOutput = reviewSummarySchema.extend({ revision: z.number() });

/**
 * "The steward characterises the collection by its highest category": a reviewed collection whose
 * documentation now lists a measurement above its category is re-categorised by a data steward. Corrected
 * measurement categories (each with its reason, kept on the row) make a new revision; a category 3 or 4
 * sends an approved review into the sensitive review.
 */
export const recategoriseReview = reviewCommand(
  'steward.recategorise',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof recategoriseReviewInput>) => {
    const before = await currentForm(trx, review);
    const rows = [...(before.measurements ?? [])];
    for (const c of input.corrections) {
      const i = rows.findIndex((r) => r.name === c.measurement);
      if (i < 0)
        throw new DomainError(
          'VALIDATION',
          `corrections: no measurement ${c.measurement} in the documentation.`,
          {
            field: 'corrections',
          },
        );
      rows[i] = { ...rows[i], category: c.category, categoryReason: c.reason };
    }
    const after = draftRequestFormSchema.parse({ ...before, measurements: rows });
    assertMayRecategorise({
      actor,
      review: ref,
      current: review.category as never,
      highest: highestMeasurementCategory(before),
      category: input.category,
      reason: input.reason,
      corrections: input.corrections,
      highestAfterCorrections: highestMeasurementCategory(after),
    });
    let revision = review.current_revision;
    if (input.corrections.length > 0) {
      revision = nextRevisionNumber(review.current_revision);
      await insertRevision(trx, {
        reviewId: review.id,
        number: revision,
        authorId: actor.personId,
        content: after,
        contentHash: contentHash(after),
        at: ctx.now(),
      });
    }
    const toSensitive = review.status === 'approved' && isSensitiveCategory(input.category);
    const updated = await updateReview(
      trx,
      review.id,
      {
        category: input.category,
        current_revision: revision,
        ...(toSensitive ? { status: 'sensitive_review', sensitive_review_at: ctx.now() } : {}),
      },
      ctx.now(),
    );
    if (revision !== review.current_revision) await storeApprovedAreas(trx, review.id, revision);
    await audit({
      action: 'steward.recategorised',
      reviewId: review.id,
      subject: review.key,
      before: { category: review.category, status: review.status, revision: review.current_revision },
      after: {
        category: input.category,
        status: updated.status,
        revision,
        reason: input.reason,
        corrections: input.corrections,
        ...(input.corrections.length > 0 ? { changes: diffRevisions(before, after) } : {}),
      },
    });
    return { ...summaryOf(updated, await productName(trx, updated.product_id)), revision };
  },
);
