import {
  assertBasedOnCurrentRevision,
  assertMayEditDocumentation,
  contentHash,
  draftRequestFormSchema,
} from '@signoff/core';
import { getRevision } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema, reviewSummarySchema } from '../review-schemas.ts';
import { productName, summaryOf } from '../review-view.ts';
import { reviewCommand } from './review-command.ts';
import { reviseDocumentation } from './revise-documentation.ts';

export const saveDocumentationInput = z.object({
  review: reviewRefSchema,
  baseRevision: z.number().int().min(0),
  form: draftRequestFormSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const saveDocumentationOutput = z.object({
  review: reviewSummarySchema,
  revision: z.number(),
  contentHash: z.string(),
  unchanged: z.boolean(),
});

/** Save the documentation: a new immutable revision, refused as a CONFLICT if based on an old one. */
export const saveDocumentation = reviewCommand(
  'review.saveDocumentation',
  async (scope, input: z.infer<typeof saveDocumentationInput>) => {
    const { trx, actor, review, ref } = scope;
    assertMayEditDocumentation({ actor, review: ref });
    assertBasedOnCurrentRevision(input.baseRevision, review.current_revision);
    const hash = contentHash(input.form);
    const previous = await getRevision(trx, review.id, review.current_revision);
    if (previous?.content_hash === hash)
      return {
        review: summaryOf(review, await productName(trx, review.product_id)),
        revision: review.current_revision,
        contentHash: hash,
        unchanged: true,
      };
    const { updated, number } = await reviseDocumentation(scope, input.form);
    return {
      review: summaryOf(updated, await productName(trx, updated.product_id)),
      revision: number,
      contentHash: hash,
      unchanged: false,
    };
  },
);
