import {
  type Area,
  assertBasedOnCurrentRevision,
  assertMayEditDocumentation,
  contentHash,
  type DraftRequestForm,
  diffRevisions,
  draftRequestFormSchema,
  nextRevisionNumber,
} from '@signoff/core';
import { getRevision, insertRevision, listSignOffs, updateReview } from '@signoff/db';
import { z } from 'zod';
import { facilitatorsOf, notify } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema, reviewSummarySchema } from '../review-schemas.ts';
import { productName, summaryOf } from '../review-view.ts';
import { reviewCommand } from './review-command.ts';

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
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof saveDocumentationInput>) => {
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
    const number = nextRevisionNumber(review.current_revision);
    await insertRevision(trx, {
      reviewId: review.id,
      number,
      authorId: actor.personId,
      content: input.form,
      contentHash: hash,
      at: ctx.now(),
    });
    const updated = await updateReview(trx, review.id, { current_revision: number }, ctx.now());
    // Every earlier sign-off is now stale: tell the facilitators of the areas that had one.
    const signedAreas = [...new Set((await listSignOffs(trx, review.id)).map((s) => s.area as Area))];
    for (const area of signedAreas)
      await notify(trx, ctx, updated, await facilitatorsOf(trx, [area]), {
        kind: 'sign_off_stale',
        area,
        revision: number,
      });
    await audit({
      action: 'documentation.revised',
      reviewId: review.id,
      subject: review.key,
      before: { revision: review.current_revision, contentHash: previous?.content_hash ?? null },
      after: {
        revision: number,
        contentHash: hash,
        changes: diffRevisions((previous?.content ?? {}) as DraftRequestForm, input.form),
      },
    });
    return {
      review: summaryOf(updated, await productName(trx, updated.product_id)),
      revision: number,
      contentHash: hash,
      unchanged: false,
    };
  },
);
