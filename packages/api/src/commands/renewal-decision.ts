import { lockRenewal, type RenewalRow } from '@signoff/db';
import type { z } from 'zod';
import { type renewalSchema, renewalView } from './renewal-view.ts';
import { type ReviewCommandScope, reviewPartCommand } from './review-command.ts';

/** A review command on one of its renewals: the renewal locked, the change audited as a state move. */
export const renewalDecision = <
  I extends { review: string | number; renewalId: number; idempotencyKey?: string | undefined },
>(
  procedure: string,
  action: string,
  fn: (scope: ReviewCommandScope & { renewal: RenewalRow }, input: I) => Promise<RenewalRow>,
) =>
  reviewPartCommand<I, RenewalRow, z.infer<typeof renewalSchema>>(
    procedure,
    { field: 'renewalId', noun: 'renewal', lock: lockRenewal },
    async (scope, renewal, input) => {
      const { review, audit } = scope;
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
          ...(updated.legal_trust_question === null
            ? {}
            : {
                legalTrustQuestion: updated.legal_trust_question,
                legalTrustAnswer: updated.legal_trust_answer,
              }),
        },
      });
      return renewalView(updated);
    },
  );
