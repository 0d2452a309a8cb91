import {
  assertMayRequestRenewal,
  assertMayWithdrawRenewal,
  DomainError,
  decideRenewal,
  describeExpiry,
  effectiveExpires,
  isExpired,
  parseExpiry,
  RENEWAL_STATES,
  type RenewalState,
  renewalRequestSchema,
  renewalReviewSchema,
  STEWARD_OUTCOMES,
} from '@signoff/core';
import {
  type Db,
  insertRenewal,
  listRenewals,
  lockRenewal,
  pendingRenewal,
  type RenewalRow,
  type ReviewRow,
  updateRenewal,
  waitingRenewals,
} from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { notify, stewardsOf } from '../notify.ts';
import { loadVisibleReview, lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { currentForm } from '../review-view.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const renewalSchema = z.object({
  id: z.number(),
  reviewId: z.number(),
  requestedBy: z.number(),
  previousExpires: z.string().nullable(),
  newExpires: z.string(),
  monitoredBy: z.string().nullable(),
  reason: z.string(),
  bug: z.string().nullable(),
  state: z.enum(RENEWAL_STATES),
  stewardId: z.number().nullable(),
  outcome: z.enum(STEWARD_OUTCOMES).nullable(),
  stewardReview: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});

const periodSchema = z.object({
  /** What the documentation says (question 7). */
  formExpires: z.string().nullable(),
  /** What counts: the latest approved renewal, else the documentation. */
  expires: z.string().nullable(),
  description: z.string(),
  expired: z.boolean(),
});

const view = (n: RenewalRow): z.infer<typeof renewalSchema> => ({
  id: n.id,
  reviewId: n.review_id,
  requestedBy: n.requested_by,
  previousExpires: n.previous_expires,
  newExpires: n.new_expires,
  monitoredBy: n.monitored_by,
  reason: n.reason,
  bug: n.bug,
  state: n.state,
  stewardId: n.steward_id,
  outcome: n.outcome,
  stewardReview: n.steward_review,
  decidedAt: n.decided_at?.toISOString() ?? null,
  createdAt: n.created_at.toISOString(),
});

/** The collection period of a review: the documentation's, extended by approved renewals. */
export async function collectionPeriodOf(
  db: Db,
  row: ReviewRow,
  now: Date,
): Promise<z.infer<typeof periodSchema>> {
  const form = await currentForm(db, row);
  const formExpires = form.collectionPeriod?.expires?.trim() || null;
  const approved = (await listRenewals(db, row.id))
    .filter((n) => n.state === 'approved')
    .map((n) => ({ newExpires: n.new_expires }));
  const expires = effectiveExpires(formExpires, approved);
  const expiry = parseExpiry(expires);
  return { formExpires, expires, description: describeExpiry(expiry), expired: isExpired(expiry, now) };
}

const reviewParties = (row: ReviewRow) => ({ ...reviewRef(row), requesterId: row.requester_id });

async function lockedRenewal(trx: Db, row: ReviewRow, id: number): Promise<RenewalRow> {
  const renewal = await lockRenewal(trx, row.id, id);
  if (!renewal)
    throw new DomainError('NOT_FOUND', `${row.key} has no renewal #${id}.`, { field: 'renewalId' });
  return renewal;
}

function decide(
  ctx: Context,
  input: { review: string | number; renewalId: number; idempotencyKey?: string | undefined },
  procedure: string,
  fn: (a: { trx: Db; row: ReviewRow; renewal: RenewalRow }) => Promise<RenewalRow>,
  action: string,
) {
  const actor = requireActor(ctx.principal);
  return write(
    ctx,
    async (trx, audit) => {
      const row = await lockVisibleReview(trx, input.review, actor);
      const renewal = await lockedRenewal(trx, row, input.renewalId);
      const updated = await fn({ trx, row, renewal });
      await audit({
        action,
        reviewId: row.id,
        subject: `${row.key}:renewal#${renewal.id}`,
        before: { state: renewal.state },
        after: { state: updated.state, outcome: updated.outcome, stewardReview: updated.steward_review },
      });
      return view(updated);
    },
    { key: input.idempotencyKey, procedure },
  );
}

const target = z.object({
  review: reviewRefSchema,
  renewalId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});

export const renewalRouter = router({
  /** The shorter renewal form: new expiry and why the first period was not enough, on the original review. */
  request: personProcedure
    .input(
      z.object({ review: reviewRefSchema, idempotencyKey: idempotencyKeySchema }).and(renewalRequestSchema),
    )
    .output(renewalSchema)
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          const period = await collectionPeriodOf(trx, row, ctx.now());
          const pending = await pendingRenewal(trx, row.id);
          assertMayRequestRenewal({
            actor,
            review: reviewParties(row),
            currentExpires: period.expires,
            pendingRenewalId: pending?.id ?? null,
            request: input,
            now: ctx.now(),
          });
          const renewal = await insertRenewal(trx, {
            reviewId: row.id,
            requestedBy: actor.personId,
            previousExpires: period.expires,
            newExpires: input.newExpires,
            monitoredBy: input.monitoredBy ?? null,
            reason: input.reason,
            bug: input.bug ?? null,
            at: ctx.now(),
          });
          await audit({
            action: 'renewal.requested',
            reviewId: row.id,
            subject: `${row.key}:renewal#${renewal.id}`,
            after: view(renewal),
          });
          await notify(trx, ctx, row, await stewardsOf(trx), {
            kind: 'renewal_requested',
            renewalId: renewal.id,
            newExpires: input.newExpires,
          });
          return view(renewal);
        },
        { key: input.idempotencyKey, procedure: 'renewal.request' },
      );
    }),

  /** The data steward's renewal review: data-review+ extends the collection period, data-review- refuses it. */
  review: personProcedure
    .input(target.and(renewalReviewSchema))
    .output(renewalSchema)
    .mutation(({ ctx, input }) =>
      decide(
        ctx,
        input,
        'renewal.review',
        async ({ trx, row, renewal }) => {
          const state = decideRenewal({
            actor: requireActor(ctx.principal),
            review: reviewParties(row),
            renewal: { id: renewal.id, state: renewal.state, requestedBy: renewal.requested_by },
            outcome: input.outcome,
          });
          return updateRenewal(trx, renewal.id, {
            state,
            outcome: input.outcome,
            steward_id: requireActor(ctx.principal).personId,
            steward_review: input.stewardReview,
            decided_at: ctx.now(),
          });
        },
        'renewal.reviewed',
      ),
    ),

  withdraw: personProcedure
    .input(target)
    .output(renewalSchema)
    .mutation(({ ctx, input }) =>
      decide(
        ctx,
        input,
        'renewal.withdraw',
        async ({ trx, renewal }) => {
          assertMayWithdrawRenewal({
            actor: requireActor(ctx.principal),
            renewal: {
              id: renewal.id,
              state: renewal.state as RenewalState,
              requestedBy: renewal.requested_by,
            },
          });
          return updateRenewal(trx, renewal.id, { state: 'withdrawn', decided_at: ctx.now() });
        },
        'renewal.withdrawn',
      ),
    ),

  /** The collection period of a review and every renewal of it. */
  list: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(z.object({ period: periodSchema, renewals: z.array(renewalSchema) }))
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, requireActor(ctx.principal));
      return {
        period: await collectionPeriodOf(ctx.db, row, ctx.now()),
        renewals: (await listRenewals(ctx.db, row.id)).map(view),
      };
    }),

  /** The stewards' queue: renewals waiting for a renewal review, oldest first. */
  waiting: personProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.array(renewalSchema.extend({ reviewKey: z.string(), reviewTitle: z.string() })))
    .query(async ({ ctx, input }) => {
      if (!requireActor(ctx.principal).isSteward)
        throw new DomainError('FORBIDDEN', 'Only a data steward sees the renewals waiting for review.');
      return (await waitingRenewals(ctx.db, input.limit)).map((n) => ({
        ...view(n),
        reviewKey: n.review_key,
        reviewTitle: n.review_title,
      }));
    }),
});
