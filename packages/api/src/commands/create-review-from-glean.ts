import {
  bugNumberSchema,
  contentHash,
  draftFromParsed,
  draftRequestFormSchema,
  visibilitySchema,
} from '@signoff/core';
import { insertGleanImport, insertReview, insertRevision, updateReview } from '@signoff/db';
import { z } from 'zod';
import { parseGleanFilesOffThread } from '../glean-parse.ts';
import { checkNewReviewParties } from '../review-access.ts';
import { idempotencyKeySchema } from '../review-schemas.ts';
import { summaryOf } from '../review-view.ts';
import { write } from '../write.ts';
import { channelsSchema } from './create-review.ts';
import { filesRecord, gleanFilesSchema } from './glean-import.ts';
import type { PersonContext } from './review-command.ts';

export const createReviewFromGleanInput = z
  .object({
    productId: z.number().int().positive(),
    bug: bugNumberSchema,
    files: gleanFilesSchema,
    title: z.string().trim().min(1).max(300).optional(),
    channels: channelsSchema,
    runsInExperiments: z.boolean().default(false),
    engineeringOwnerId: z.number().int().positive().nullable().default(null),
    idempotencyKey: idempotencyKeySchema,
  })
  .and(visibilitySchema);

/**
 * A review draft from metrics.yaml files and a bug number, as glean_parser's data-review template: every
 * metric whose `bugs` list the bug becomes a measurement row. Errors name the file, line and field.
 */
export const createReviewFromGlean = async ({
  ctx,
  input,
}: {
  ctx: PersonContext;
  input: z.infer<typeof createReviewFromGleanInput>;
}) => {
  // Read on the worker thread and before the transaction: neither the event loop nor a connection waits.
  const parsed = await parseGleanFilesOffThread(input.files, input.bug);
  return write(
    ctx,
    async (trx, audit) => {
      const draft = draftFromParsed(parsed, input);
      const product = await checkNewReviewParties(trx, input);
      const form = draftRequestFormSchema.parse(draft.form);
      const row = await insertReview(trx, {
        productId: product.id,
        title: input.title ?? `Glean metrics of bug ${input.bug}`,
        proposerId: ctx.principal.id,
        requesterId: ctx.principal.id,
        engineeringOwnerId: input.engineeringOwnerId,
        runsInExperiments: input.runsInExperiments,
        visibility: input.visibility,
        privateReason: input.visibility === 'private' ? input.privateReason : null,
        channels: input.channels,
        externalRefs: [{ kind: 'bug', value: input.bug }],
      });
      const rev = await insertRevision(trx, {
        reviewId: row.id,
        number: 1,
        authorId: ctx.principal.id,
        content: form,
        contentHash: contentHash(form),
        at: ctx.now(),
      });
      const created = await updateReview(trx, row.id, { current_revision: rev.number }, ctx.now());
      const files = filesRecord(input.files);
      await insertGleanImport(trx, {
        reviewId: row.id,
        bug: input.bug,
        revision: rev.number,
        files,
        metrics: draft.metrics,
        importedBy: ctx.principal.id,
        at: ctx.now(),
      });
      const summary = summaryOf(created, product.name);
      await audit({
        action: 'review.created',
        reviewId: row.id,
        subject: row.key,
        after: {
          ...summary,
          channels: input.channels,
          externalRefs: [{ kind: 'bug', value: input.bug }],
          contentHash: rev.content_hash,
        },
      });
      await audit({
        action: 'glean.imported',
        reviewId: row.id,
        subject: row.key,
        after: {
          bug: input.bug,
          revision: rev.number,
          files,
          metrics: draft.metrics.map((m) => m.name),
          category: draft.category,
        },
      });
      return {
        review: summary,
        revision: rev.number,
        bug: input.bug,
        metrics: draft.metrics,
        category: draft.category,
        prefilled: draft.prefilled,
        warnings: draft.warnings,
      };
    },
    { key: input.idempotencyKey, procedure: 'glean.createReview' },
  );
};
