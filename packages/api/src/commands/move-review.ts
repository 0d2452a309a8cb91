import type { ReviewStatus } from '@signoff/core';
import { type ReviewRow, updateReview } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { productName, summaryOf } from '../review-view.ts';
import { type ReviewCommandScope, reviewCommand } from './review-command.ts';

export const moveReviewInput = z.object({ review: reviewRefSchema, idempotencyKey: idempotencyKeySchema });
type MoveReviewInput = z.infer<typeof moveReviewInput>;

/**
 * One status move of a review (submit, resubmit, withdraw, ship): core decides the new status, the move is
 * recorded, and a private review becomes public when it ships. `action` names the audit event and the
 * idempotency scope. `extra` adds to the row's change; `then` runs after it, in the same transaction.
 */
export const moveReview = <I extends MoveReviewInput = MoveReviewInput>(
  action: string,
  decide: (scope: ReviewCommandScope, input: I) => Promise<ReviewStatus> | ReviewStatus,
  extra: (scope: ReviewCommandScope, input: I) => Parameters<typeof updateReview>[2] = () => ({}),
  then?: (scope: ReviewCommandScope, input: I, updated: ReviewRow) => Promise<void>,
) =>
  reviewCommand(action, async (scope, input: I) => {
    const { ctx, trx, audit, review } = scope;
    const status = await decide(scope, input);
    const updated = await updateReview(trx, review.id, { status, ...extra(scope, input) }, ctx.now());
    await audit({
      action,
      reviewId: review.id,
      subject: review.key,
      before: { status: review.status },
      after: { status },
    });
    if (updated.visibility === 'private' && status === 'shipped') {
      // "These reviews will be made public once the actual data collection begins."
      await updateReview(trx, review.id, { visibility: 'public' }, ctx.now());
      await audit({
        action: 'review.made_public',
        reviewId: review.id,
        subject: review.key,
        before: { visibility: 'private' },
        after: { visibility: 'public' },
      });
      updated.visibility = 'public';
    }
    await then?.(scope, input, updated);
    return summaryOf(updated, await productName(trx, updated.product_id));
  });
