import {
  assertBasedOnCurrentRevision,
  assertMayEditDocumentation,
  bugNumberSchema,
  contentHash,
  DomainError,
  diffRevisions,
  draftFromParsed,
  draftRequestFormSchema,
  mergeGleanImport,
  nextRevisionNumber,
  type ParsedGleanFiles,
} from '@signoff/core';
import { getRevision, insertGleanImport, insertRevision, listGleanImports, updateReview } from '@signoff/db';
import { z } from 'zod';
import { parseGleanFilesOffThread } from '../glean-parse.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { filesRecord, gleanFilesSchema } from './glean-import.ts';
import { type PersonContext, reviewCommand, visibleReview } from './review-command.ts';

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
const reimport = reviewCommand(
  'glean.reimport',
  async (
    { ctx, trx, audit, actor, review: row, ref },
    input: z.infer<typeof reimportGleanInput> & { parsed: ParsedGleanFiles | null },
  ) => {
    assertMayEditDocumentation({ actor, review: ref });
    assertBasedOnCurrentRevision(input.baseRevision, row.current_revision);
    const previous = (await listGleanImports(trx, row.id)).at(-1);
    const bug = input.bug ?? previous?.bug;
    if (!bug)
      throw new DomainError('VALIDATION', `bug: ${row.key} was not imported from Glean; name the bug.`, {
        field: 'bug',
      });
    if (!input.parsed || input.parsed.bug !== bug)
      throw new DomainError('CONFLICT', `${row.key} was imported again meanwhile; import once more.`, {
        field: 'bug',
      });
    const draft = draftFromParsed(input.parsed);
    const before = await currentForm(trx, row);
    const form = draftRequestFormSchema.parse(mergeGleanImport(before, previous?.metrics ?? [], draft));
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

/** The files are read on the worker thread before the command's transaction; the parse needs the bug. */
export async function reimportGlean({
  ctx,
  input,
}: {
  ctx: PersonContext;
  input: z.infer<typeof reimportGleanInput>;
}) {
  const bug =
    input.bug ?? (await listGleanImports(ctx.db, (await visibleReview(ctx, input.review)).id)).at(-1)?.bug;
  const parsed = bug ? await parseGleanFilesOffThread(input.files, bug) : null;
  return reimport({ ctx, input: { ...input, parsed } });
}
