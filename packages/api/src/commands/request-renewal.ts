import { assertMayRequestRenewal, renewalRequestSchema } from '@signoff/core';
import { insertRenewal, pendingRenewal } from '@signoff/db';
import { z } from 'zod';
import { collectionPeriodOf } from '../collection-period.ts';
import { notify, renewalReviewers, stepsOfReview } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { renewalView } from './renewal-view.ts';
import { reviewCommand } from './review-command.ts';

export const requestRenewalInput = z
  .object({ review: reviewRefSchema, idempotencyKey: idempotencyKeySchema })
  .and(renewalRequestSchema);

/**
 * The shorter renewal form: new expiry and why the first period was not enough, on the original review. The
 * data stewards who may review it are told.
 */
export const requestRenewal = reviewCommand(
  'renewal.request',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof requestRenewalInput>) => {
    const period = await collectionPeriodOf(trx, review, ctx.now());
    const pending = await pendingRenewal(trx, review.id);
    assertMayRequestRenewal({
      actor,
      review: { ...ref, requesterId: review.requester_id },
      currentExpires: period.expires,
      pendingRenewalId: pending?.id ?? null,
      request: input,
      now: ctx.now(),
    });
    const renewal = await insertRenewal(trx, {
      reviewId: review.id,
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
      reviewId: review.id,
      subject: `${review.key}:renewal#${renewal.id}`,
      after: renewalView(renewal),
    });
    // The owners of the renewal's review step (core's openSteps: the data stewards off the collection's side).
    await notify(trx, ctx, review, renewalReviewers(await stepsOfReview(trx, ctx, review.id), renewal.id), {
      kind: 'renewal_requested',
      renewalId: renewal.id,
      newExpires: input.newExpires,
    });
    return renewalView(renewal);
  },
);
