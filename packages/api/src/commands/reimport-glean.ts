import {
  assertBasedOnCurrentRevision,
  assertMayEditDocumentation,
  bugNumberSchema,
  contentHash,
  DomainError,
  diffRevisions,
  draftFromGlean,
  draftRequestFormSchema,
  nextRevisionNumber,
} from '@signoff/core';
import { getRevision, insertGleanImport, insertRevision, listGleanImports, updateReview } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { filesRecord, gleanFilesSchema, mergeImport } from './glean-import.ts';
import { reviewCommand } from './review-command.ts';

export const reimportGleanInput = z.object({
  review: reviewRefSchema,
  baseRevision: z.number().int().min(0),
  files: gleanFilesSchema,
  /** Defaults to the bug of the previous import. */
  bug: bugNumberSchema.optional(),
  idempotencyKey: idempotencyKeySchema,
});

/**
 * Imports updated metrics.yaml files into a review whose documentation may still change (e.g. after fixing
 * data_sensitivity): a new revision with the metrics' rows and question 7 replaced, the rest kept.
 */
export const reimportGlean = reviewCommand(
  'glean.reimport',
  async ({ ctx, trx, audit, actor, review: row, ref }, input: z.infer<typeof reimportGleanInput>) => {
    assertMayEditDocumentation({ actor, review: ref });
    assertBasedOnCurrentRevision(input.baseRevision, row.current_revision);
    const previous = (await listGleanImports(trx, row.id)).at(-1);
    const bug = input.bug ?? previous?.bug;
    if (!bug)
      throw new DomainError('VALIDATION', `bug: ${row.key} was not imported from Glean; name the bug.`, {
        field: 'bug',
      });
    const draft = draftFromGlean({ files: input.files, bug });
    const before = await currentForm(trx, row);
    const form = draftRequestFormSchema.parse(
      mergeImport(before, new Set((previous?.metrics ?? []).map((m) => m.name)), draft),
    );
    const number = nextRevisionNumber(row.current_revision);
    const rev = await insertRevision(trx, {
      reviewId: row.id,
      number,
      authorId: actor.personId,
      content: form,
      contentHash: contentHash(form),
      at: ctx.now(),
    });
    const updated = await updateReview(trx, row.id, { current_revision: number }, ctx.now());
    const files = filesRecord(input.files);
    await insertGleanImport(trx, {
      reviewId: row.id,
      bug,
      revision: number,
      files,
      metrics: draft.metrics,
      importedBy: actor.personId,
      at: ctx.now(),
    });
    const previousRevision = await getRevision(trx, row.id, row.current_revision);
    await audit({
      action: 'documentation.revised',
      reviewId: row.id,
      subject: row.key,
      before: { revision: row.current_revision, contentHash: previousRevision?.content_hash ?? null },
      after: { revision: number, contentHash: rev.content_hash, changes: diffRevisions(before, form) },
    });
    await audit({
      action: 'glean.imported',
      reviewId: row.id,
      subject: row.key,
      after: {
        bug,
        revision: number,
        files,
        metrics: draft.metrics.map((m) => m.name),
        category: draft.category,
      },
    });
    return {
      review: summaryOf(updated, await productName(trx, updated.product_id)),
      revision: number,
      bug,
      metrics: draft.metrics,
      category: draft.category,
      prefilled: [],
      warnings: draft.warnings,
    };
  },
);
