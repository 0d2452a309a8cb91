import {
  assertBasedOnCurrentRevision,
  assertMayEditDocumentation,
  bugNumberSchema,
  DomainError,
  draftFromParsed,
  draftRequestFormSchema,
  mergeGleanImport,
  type ParsedGleanFiles,
} from '@signoff/core';
import { insertGleanImport, listGleanImports } from '@signoff/db';
import { z } from 'zod';
import { parseGleanFilesOffThread } from '../glean-parse.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { filesRecord, gleanFilesSchema } from './glean-import.ts';
import { type PersonContext, reviewCommand, visibleReview } from './review-command.ts';
import { reviseDocumentation } from './revise-documentation.ts';

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
  async (scope, input: z.infer<typeof reimportGleanInput> & { parsed: ParsedGleanFiles | null }) => {
    const { ctx, trx, audit, actor, review: row, ref } = scope;
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
    const { updated, number } = await reviseDocumentation(scope, form);
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
