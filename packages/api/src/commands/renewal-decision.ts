import { DomainError } from '@signoff/core';
import { lockRenewal, type RenewalRow } from '@signoff/db';
import { renewalView } from './renewal-view.ts';
import { type ReviewCommandScope, reviewCommand } from './review-command.ts';

/** A review command on one of its renewals: the renewal locked, the change audited as a state move. */
export const renewalDecision = <
  I extends { review: string | number; renewalId: number; idempotencyKey?: string | undefined },
>(
  procedure: string,
  action: string,
  fn: (scope: ReviewCommandScope & { renewal: RenewalRow }, input: I) => Promise<RenewalRow>,
) =>
  reviewCommand(procedure, async (scope, input: I) => {
    const { review, trx, audit } = scope;
    const renewal = await lockRenewal(trx, review.id, input.renewalId);
    if (!renewal)
      throw new DomainError('NOT_FOUND', `${review.key} has no renewal #${input.renewalId}.`, {
        field: 'renewalId',
      });
    const updated = await fn({ ...scope, renewal }, input);
    await audit({
      action,
      reviewId: review.id,
      subject: `${review.key}:renewal#${renewal.id}`,
      before: { state: renewal.state },
      after: {
        state: updated.state,
        outcome: updated.outcome,
        stewardReview: updated.steward_review,
        ...(updated.review_answers ? { answers: updated.review_answers } : {}),
      },
    });
    return renewalView(updated);
  });
