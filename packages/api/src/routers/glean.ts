import { createHash } from 'node:crypto';
import {
  assertBasedOnCurrentRevision,
  assertMayEditDocumentation,
  bugNumberSchema,
  CATEGORIES,
  contentHash,
  DATA_SENSITIVITIES,
  DomainError,
  type DraftRequestForm,
  diffRevisions,
  draftFromGlean,
  draftRequestFormSchema,
  GLEAN_LIMITS,
  type GleanDraft,
  gleanFileSchema,
  nextRevisionNumber,
  visibilitySchema,
} from '@signoff/core';
import {
  getRevision,
  insertGleanImport,
  insertReview,
  insertRevision,
  listGleanImports,
  updateReview,
} from '@signoff/db';
import { z } from 'zod';
import {
  checkNewReviewParties,
  loadVisibleReview,
  lockVisibleReview,
  requireActor,
  reviewRef,
} from '../review-access.ts';
import {
  channelRequestSchema,
  idempotencyKeySchema,
  reviewRefSchema,
  reviewSummarySchema,
} from '../review-schemas.ts';
import { currentForm, productName, summaryOf } from '../review-view.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const filesSchema = z.array(gleanFileSchema).min(1).max(GLEAN_LIMITS.files);

const issueSchema = z.object({
  file: z.string(),
  line: z.number().nullable(),
  column: z.number().nullable(),
  field: z.string(),
  message: z.string(),
});

const importedMetricSchema = z.object({
  name: z.string(),
  file: z.string(),
  line: z.number(),
  type: z.string(),
  dataSensitivity: z.array(z.enum(DATA_SENSITIVITIES as [string, ...string[]])),
  category: z.literal(CATEGORIES).nullable(),
  expires: z.string(),
  notificationEmails: z.array(z.string()),
  bugs: z.array(z.string()),
});

const importOutput = z.object({
  review: reviewSummarySchema,
  revision: z.number(),
  bug: z.string(),
  metrics: z.array(importedMetricSchema),
  /** The category the metrics' data_sensitivity means (highest wins). */
  category: z.literal(CATEGORIES).nullable(),
  /** Fields filled with glean_parser's standard answers: check them before submitting. */
  prefilled: z.array(z.string()),
  warnings: z.array(issueSchema),
});

const filesRecord = (files: readonly { name: string; text: string }[]) =>
  files.map((f) => ({ name: f.name, sha256: createHash('sha256').update(f.text).digest('hex') }));

/**
 * A later import replaces the rows it brought before (and rows named like its metrics) and question 7;
 * measurements added by hand and every other answer stay as written.
 */
function mergeImport(
  form: DraftRequestForm,
  previousNames: ReadonlySet<string>,
  draft: GleanDraft,
): DraftRequestForm {
  const imported = new Set(draft.metrics.map((m) => m.name));
  const kept = (form.measurements ?? []).filter(
    (row) => !(row.name && (previousNames.has(row.name) || imported.has(row.name))),
  );
  return {
    ...form,
    measurements: [...(draft.form.measurements ?? []), ...kept],
    collectionPeriod: draft.form.collectionPeriod ?? {},
  };
}

export const gleanRouter = router({
  /**
   * A review draft from metrics.yaml files and a bug number, as glean_parser's data-review template: every
   * metric whose `bugs` list the bug becomes a measurement row. Errors name the file, line and field.
   */
  createReview: personProcedure
    .input(
      z
        .object({
          productId: z.number().int().positive(),
          bug: bugNumberSchema,
          files: filesSchema,
          title: z.string().trim().min(1).max(300).optional(),
          channels: z
            .array(channelRequestSchema)
            .min(1)
            .max(2)
            .refine(
              (cs) => new Set(cs.map((c) => c.channel)).size === cs.length,
              'each channel at most once',
            ),
          runsInExperiments: z.boolean().default(false),
          engineeringOwnerId: z.number().int().positive().nullable().default(null),
          idempotencyKey: idempotencyKeySchema,
        })
        .and(visibilitySchema),
    )
    .output(importOutput)
    .mutation(({ ctx, input }) =>
      write(
        ctx,
        async (trx, audit) => {
          const draft = draftFromGlean({ files: input.files, bug: input.bug });
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
      ),
    ),

  /**
   * Imports updated metrics.yaml files into a review whose documentation may still change (e.g. after fixing
   * data_sensitivity): a new revision with the metrics' rows and question 7 replaced, the rest kept.
   */
  reimport: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        baseRevision: z.number().int().min(0),
        files: filesSchema,
        /** Defaults to the bug of the previous import. */
        bug: bugNumberSchema.optional(),
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(importOutput)
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          assertMayEditDocumentation({ actor, review: reviewRef(row) });
          assertBasedOnCurrentRevision(input.baseRevision, row.current_revision);
          const previous = (await listGleanImports(trx, row.id)).at(-1);
          const bug = input.bug ?? previous?.bug;
          if (!bug)
            throw new DomainError(
              'VALIDATION',
              `bug: ${row.key} was not imported from Glean; name the bug.`,
              {
                field: 'bug',
              },
            );
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
        { key: input.idempotencyKey, procedure: 'glean.reimport' },
      );
    }),

  /** Every Glean import of a review, with its metrics and their data_sensitivity. */
  imports: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          bug: z.string(),
          revision: z.number(),
          files: z.array(z.object({ name: z.string(), sha256: z.string() })),
          metrics: z.array(importedMetricSchema),
          importedBy: z.number(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, requireActor(ctx.principal));
      return (await listGleanImports(ctx.db, row.id)).map((g) => ({
        id: g.id,
        bug: g.bug,
        revision: g.revision,
        files: g.files,
        metrics: g.metrics,
        importedBy: g.imported_by,
        createdAt: g.created_at.toISOString(),
      }));
    }),
});
