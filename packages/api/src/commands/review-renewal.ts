import { decideRenewal, renewalReviewSchema } from '@signoff/core';
import { updateRenewal } from '@signoff/db';
import type { z } from 'zod';
import { renewalDecision } from './renewal-decision.ts';
import { renewalFact, renewalTarget } from './renewal-view.ts';

export const reviewRenewalInput = renewalTarget.and(renewalReviewSchema);

/**
 * The data steward's renewal review, renewal_review.md's two questions answered: data-review+ ("yes" to both)
 * extends the collection period, data-review- refuses it.
 */
export const reviewRenewal = renewalDecision(
  'renewal.review',
  'renewal.reviewed',
  async ({ ctx, trx, actor, review, ref, renewal }, input: z.infer<typeof reviewRenewalInput>) => {
    const state = decideRenewal({
      actor,
      review: { ...ref, requesterId: review.requester_id },
      renewal: renewalFact(renewal),
      input,
      originalOutcome: review.steward_outcome,
    });
    return updateRenewal(trx, renewal.id, {
      state,
      outcome: input.outcome,
      steward_id: actor.personId,
      steward_review: input.stewardReview,
      review_answers: input.answers,
      decided_at: ctx.now(),
    });
  },
);
