import { DomainError, renewalActions } from '@signoff/core';
import { listRenewals, waitingRenewals } from '@signoff/db';
import { z } from 'zod';
import { collectionPeriodOf, collectionPeriodSchema } from '../collection-period.ts';
import {
  answerLegalTrustOnRenewal,
  answerLegalTrustOnRenewalInput,
  askLegalTrustOnRenewal,
  askLegalTrustOnRenewalInput,
} from '../commands/renewal-legal-trust.ts';
import { renewalFact, renewalSchema, renewalTarget, renewalView } from '../commands/renewal-view.ts';
import { requestRenewal, requestRenewalInput } from '../commands/request-renewal.ts';
import { visibleReview } from '../commands/review-command.ts';
import { reviewRenewal, reviewRenewalInput } from '../commands/review-renewal.ts';
import { withdrawRenewal } from '../commands/withdraw-renewal.ts';
import { reviewRef } from '../review-access.ts';
import { reviewRefSchema, verdictSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';

export const renewalRouter = router({
  /** The shorter renewal form: new expiry and why the first period was not enough, on the original review. */
  request: personProcedure.input(requestRenewalInput).output(renewalSchema).mutation(requestRenewal),
  /** The data steward's renewal review: data-review+ extends the collection period, data-review- refuses it. */
  review: personProcedure.input(reviewRenewalInput).output(renewalSchema).mutation(reviewRenewal),
  withdraw: personProcedure.input(renewalTarget).output(renewalSchema).mutation(withdrawRenewal),
  /** The steward reviewing a renewal asks Trust and Legal; the renewal waits for their answer. */
  askLegalTrust: personProcedure
    .input(askLegalTrustOnRenewalInput)
    .output(renewalSchema)
    .mutation(askLegalTrustOnRenewal),
  /** A legal/trust facilitator answers the steward's question on a renewal. */
  answerLegalTrust: personProcedure
    .input(answerLegalTrustOnRenewalInput)
    .output(renewalSchema)
    .mutation(answerLegalTrustOnRenewal),

  /**
   * The collection period of a review and every renewal of it, with what the signed-in person may do:
   * request a renewal, and per renewal review or withdraw it (the reason in words when not).
   */
  list: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(
      z.object({
        period: collectionPeriodSchema,
        renewals: z.array(renewalSchema),
        allowed: z.object({
          request: verdictSchema,
          renewals: z.array(
            z.object({
              renewalId: z.number(),
              review: verdictSchema,
              withdraw: verdictSchema,
              askLegalTrust: verdictSchema,
              answerLegalTrust: verdictSchema,
            }),
          ),
        }),
      }),
    )
    .query(async ({ ctx, input }) => {
      const row = await visibleReview(ctx, input.review);
      const period = await collectionPeriodOf(ctx.db, row, ctx.now());
      const rows = await listRenewals(ctx.db, row.id);
      const renewals = rows.map(renewalView);
      return {
        period,
        renewals,
        allowed: renewalActions({
          actor: ctx.actor,
          review: { ...reviewRef(row), requesterId: row.requester_id },
          currentExpires: period.expires,
          renewals: rows.map(renewalFact),
        }),
      };
    }),

  /** The stewards' queue: renewals waiting for a renewal review, oldest first. */
  waiting: personProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.array(renewalSchema.extend({ reviewKey: z.string(), reviewTitle: z.string() })))
    .query(async ({ ctx, input }) => {
      if (!ctx.actor.isSteward)
        throw new DomainError('FORBIDDEN', 'Only a data steward sees the renewals waiting for review.');
      return (await waitingRenewals(ctx.db, input.limit)).map((n) => ({
        ...renewalView(n),
        reviewKey: n.review_key,
        reviewTitle: n.review_title,
      }));
    }),
});
