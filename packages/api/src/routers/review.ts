import {
  type Area,
  assertBasedOnCurrentRevision,
  assertMayEditDocumentation,
  assertReadyForSubmission,
  contentHash,
  DomainError,
  type DraftRequestForm,
  diffRevisions,
  draftRequestFormSchema,
  evaluateCanShip,
  nextRevisionNumber,
  nextStatusAfterResubmit,
  nextStatusAfterShip,
  nextStatusAfterSubmit,
  nextStatusAfterWithdraw,
  type ReviewStatus,
  visibilitySchema,
} from '@signoff/core';
import {
  getRevision,
  insertReview,
  insertRevision,
  listProducts,
  listSignOffs,
  loadReviewFacts,
  updateReview,
} from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { facilitatorsOf, notify } from '../notify.ts';
import {
  checkNewReviewParties,
  loadVisibleReview,
  lockVisibleReview,
  requireActor,
  reviewRef,
} from '../review-access.ts';
import { listReviews, listReviewsInput, listReviewsOutput } from '../review-list.ts';
import {
  channelRequestSchema,
  externalRefSchema,
  idempotencyKeySchema,
  reviewRefSchema,
  reviewSummarySchema,
  reviewViewSchema,
} from '../review-schemas.ts';
import { buildReviewView, currentForm, productName, summaryOf } from '../review-view.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const createInput = z
  .object({
    productId: z.number().int().positive(),
    title: z.string().trim().min(1).max(300),
    channels: z
      .array(channelRequestSchema)
      .min(1)
      .max(2)
      .refine((cs) => new Set(cs.map((c) => c.channel)).size === cs.length, 'each channel at most once'),
    runsInExperiments: z.boolean().default(false),
    requesterId: z.number().int().positive().optional(),
    engineeringOwnerId: z.number().int().positive().nullable().default(null),
    externalRefs: z.array(externalRefSchema).max(50).default([]),
    form: draftRequestFormSchema.default({}),
    idempotencyKey: idempotencyKeySchema,
  })
  .and(visibilitySchema);

const moveInput = z.object({ review: reviewRefSchema, idempotencyKey: idempotencyKeySchema });

/** Runs one status move on a locked review, records it, and returns the new summary. */
async function move(
  ctx: Context,
  input: z.infer<typeof moveInput>,
  action: string,
  decide: (
    row: Awaited<ReturnType<typeof lockVisibleReview>>,
    trx: Context['db'],
  ) => Promise<ReviewStatus> | ReviewStatus,
  extra: (status: ReviewStatus) => Record<string, unknown> = () => ({}),
) {
  const actor = requireActor(ctx.principal);
  return write(
    ctx,
    async (trx, audit) => {
      const row = await lockVisibleReview(trx, input.review, actor);
      const status = await decide(row, trx);
      const updated = await updateReview(trx, row.id, { status, ...extra(status) }, ctx.now());
      await audit({
        action,
        reviewId: row.id,
        subject: row.key,
        before: { status: row.status },
        after: { status },
      });
      if (updated.visibility === 'private' && status === 'shipped') {
        // "These reviews will be made public once the actual data collection begins."
        await updateReview(trx, row.id, { visibility: 'public' }, ctx.now());
        await audit({
          action: 'review.made_public',
          reviewId: row.id,
          subject: row.key,
          before: { visibility: 'private' },
          after: { visibility: 'public' },
        });
        updated.visibility = 'public';
      }
      return summaryOf(updated, await productName(trx, updated.product_id));
    },
    { key: input.idempotencyKey, procedure: action },
  );
}

export const reviewRouter = router({
  create: personProcedure
    .input(createInput)
    .output(reviewSummarySchema)
    .mutation(({ ctx, input }) =>
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
      ),
    ),

  /** The products a review can be for (proposers pick one when creating a review). */
  products: personProcedure
    .output(z.array(z.object({ id: z.number(), name: z.string() })))
    .query(async ({ ctx }) => (await listProducts(ctx.db)).map((p) => ({ id: p.id, name: p.name }))),

  get: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(reviewViewSchema)
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, requireActor(ctx.principal));
      return buildReviewView(ctx.db, row, ctx.now());
    }),

  list: personProcedure
    .input(listReviewsInput)
    .output(listReviewsOutput)
    .query(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      const load = () => listReviews(ctx.db, actor, input);
      // The inbox is refreshed far more often than reviews change: answers are kept until a change.
      return ctx.cache ? ctx.cache.list(JSON.stringify([actor, input]), load) : load();
    }),

  /** Save the documentation: a new immutable revision, refused as a CONFLICT if based on an old one. */
  saveDocumentation: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        baseRevision: z.number().int().min(0),
        form: draftRequestFormSchema,
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(
      z.object({
        review: reviewSummarySchema,
        revision: z.number(),
        contentHash: z.string(),
        unchanged: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          assertMayEditDocumentation({ actor, review: reviewRef(row) });
          assertBasedOnCurrentRevision(input.baseRevision, row.current_revision);
          const hash = contentHash(input.form);
          const previous = await getRevision(trx, row.id, row.current_revision);
          if (previous?.content_hash === hash)
            return {
              review: summaryOf(row, await productName(trx, row.product_id)),
              revision: row.current_revision,
              contentHash: hash,
              unchanged: true,
            };
          const number = nextRevisionNumber(row.current_revision);
          await insertRevision(trx, {
            reviewId: row.id,
            number,
            authorId: actor.personId,
            content: input.form,
            contentHash: hash,
            at: ctx.now(),
          });
          const updated = await updateReview(trx, row.id, { current_revision: number }, ctx.now());
          // Every earlier sign-off is now stale: tell the facilitators of the areas that had one.
          const signedAreas = [...new Set((await listSignOffs(trx, row.id)).map((s) => s.area as Area))];
          for (const area of signedAreas)
            await notify(trx, ctx, updated, await facilitatorsOf(trx, [area]), {
              kind: 'sign_off_stale',
              area,
              revision: number,
            });
          await audit({
            action: 'documentation.revised',
            reviewId: row.id,
            subject: row.key,
            before: { revision: row.current_revision, contentHash: previous?.content_hash ?? null },
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
        { key: input.idempotencyKey, procedure: 'review.saveDocumentation' },
      );
    }),

  revision: personProcedure
    .input(z.object({ review: reviewRefSchema, number: z.number().int().positive() }))
    .output(
      z.object({
        number: z.number(),
        form: draftRequestFormSchema,
        contentHash: z.string(),
        authorId: z.number(),
        createdAt: z.string(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, requireActor(ctx.principal));
      const rev = await getRevision(ctx.db, row.id, input.number);
      if (!rev)
        throw new DomainError('NOT_FOUND', `${row.key} has no revision ${input.number}`, { field: 'number' });
      return {
        number: rev.number,
        form: rev.content as DraftRequestForm,
        contentHash: rev.content_hash,
        authorId: rev.author_id,
        createdAt: rev.created_at.toISOString(),
      };
    }),

  diff: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        from: z.number().int().positive(),
        to: z.number().int().positive(),
      }),
    )
    .output(
      z.object({
        from: z.number(),
        to: z.number(),
        changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, requireActor(ctx.principal));
      const [a, b] = await Promise.all([
        getRevision(ctx.db, row.id, input.from),
        getRevision(ctx.db, row.id, input.to),
      ]);
      if (!a)
        throw new DomainError('NOT_FOUND', `${row.key} has no revision ${input.from}`, { field: 'from' });
      if (!b) throw new DomainError('NOT_FOUND', `${row.key} has no revision ${input.to}`, { field: 'to' });
      return {
        from: input.from,
        to: input.to,
        changes: diffRevisions(a.content as DraftRequestForm, b.content as DraftRequestForm),
      };
    }),

  submit: personProcedure
    .input(moveInput)
    .output(reviewSummarySchema)
    .mutation(({ ctx, input }) =>
      move(
        ctx,
        input,
        'review.submitted',
        async (row, trx) => {
          const status = nextStatusAfterSubmit({
            actor: requireActor(ctx.principal),
            review: reviewRef(row),
          });
          assertReadyForSubmission(await currentForm(trx, row), null);
          return status;
        },
        () => ({ submitted_at: ctx.now() }),
      ),
    ),

  resubmit: personProcedure
    .input(moveInput)
    .output(reviewSummarySchema)
    .mutation(({ ctx, input }) =>
      move(
        ctx,
        input,
        'review.resubmitted',
        async (row, trx) => {
          const status = nextStatusAfterResubmit({
            actor: requireActor(ctx.principal),
            review: reviewRef(row),
          });
          assertReadyForSubmission(await currentForm(trx, row), null);
          return status;
        },
        () => ({ submitted_at: ctx.now(), steward_outcome: null }),
      ),
    ),

  withdraw: personProcedure
    .input(moveInput)
    .output(reviewSummarySchema)
    .mutation(({ ctx, input }) =>
      move(ctx, input, 'review.withdrawn', (row) =>
        nextStatusAfterWithdraw({ actor: requireActor(ctx.principal), review: reviewRef(row) }),
      ),
    ),

  /** The proposer marks the collection as begun; only when the gate allows every requested channel. */
  markShipped: personProcedure
    .input(moveInput)
    .output(reviewSummarySchema)
    .mutation(({ ctx, input }) =>
      move(
        ctx,
        input,
        'review.shipped',
        async (row, trx) => {
          const facts = (await loadReviewFacts(trx, [row.id])).get(row.id)!;
          const results = facts.channels.map((c) => evaluateCanShip(facts, c.channel, ctx.now()));
          const blockers = results.flatMap((r) => r.blockers);
          return nextStatusAfterShip({
            actor: requireActor(ctx.principal),
            review: reviewRef(row),
            gate: { canShip: results.length > 0 && blockers.length === 0, blockers },
          });
        },
        () => ({ shipped_at: ctx.now() }),
      ),
    ),
});
