import { contentHash, draftRequestFormSchema, visibilitySchema } from '@signoff/core';
import { insertReview, insertRevision, updateReview } from '@signoff/db';
import { z } from 'zod';
import { checkNewReviewParties } from '../review-access.ts';
import { channelRequestSchema, externalRefSchema, idempotencyKeySchema } from '../review-schemas.ts';
import { summaryOf } from '../review-view.ts';
import { write } from '../write.ts';
import type { PersonContext } from './review-command.ts';

export const channelsSchema = z
  .array(channelRequestSchema)
  .min(1)
  .max(2)
  .refine((cs) => new Set(cs.map((c) => c.channel)).size === cs.length, 'each channel at most once');

export const createReviewInput = z
  .object({
    productId: z.number().int().positive(),
    title: z.string().trim().min(1).max(300),
    channels: channelsSchema,
    runsInExperiments: z.boolean().default(false),
    requesterId: z.number().int().positive().optional(),
    engineeringOwnerId: z.number().int().positive().nullable().default(null),
    externalRefs: z.array(externalRefSchema).max(50).default([]),
    form: draftRequestFormSchema.default({}),
    idempotencyKey: idempotencyKeySchema,
  })
  .and(visibilitySchema);

/** Step 1 begins: a draft review with its first documentation revision; its creator is its proposer. */
export const createReview = ({
  ctx,
  input,
}: {
  ctx: PersonContext;
  input: z.infer<typeof createReviewInput>;
}) =>
  write(
    ctx,
    async (trx, audit) => {
      const product = await checkNewReviewParties(trx, input);
      const row = await insertReview(trx, {
        productId: product.id,
        title: input.title,
        proposerId: ctx.principal.id,
        requesterId: input.requesterId ?? ctx.principal.id,
        engineeringOwnerId: input.engineeringOwnerId,
        runsInExperiments: input.runsInExperiments,
        visibility: input.visibility,
        privateReason: input.visibility === 'private' ? input.privateReason : null,
        channels: input.channels,
        externalRefs: input.externalRefs,
      });
      const rev = await insertRevision(trx, {
        reviewId: row.id,
        number: 1,
        authorId: ctx.principal.id,
        content: input.form,
        contentHash: contentHash(input.form),
        at: ctx.now(),
      });
      const created = await updateReview(trx, row.id, { current_revision: rev.number }, ctx.now());
      const summary = summaryOf(created, product.name);
      await audit({
        action: 'review.created',
        reviewId: row.id,
        subject: row.key,
        after: {
          ...summary,
          channels: input.channels,
          externalRefs: input.externalRefs,
          contentHash: rev.content_hash,
        },
      });
      return summary;
    },
    { key: input.idempotencyKey, procedure: 'review.create' },
  );
