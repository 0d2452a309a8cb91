import {
  RENEWAL_STATES,
  type RenewalFact,
  type RenewalLegalTrustState,
  renewalReviewSchema,
  renewalWaitsOn,
  STEWARD_OUTCOMES,
} from '@signoff/core';
import type { RenewalRow } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';

export const renewalSchema = z.object({
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
  /** renewal_review.md's two questions as the steward answered them; null before they were asked. */
  reviewAnswers: renewalReviewSchema.shape.answers.nullable(),
  /** The steward's question to Trust and Legal on this renewal and their answer; null when none was asked. */
  legalTrust: z
    .object({
      state: z.enum(['open', 'answered']),
      question: z.string(),
      askedBy: z.number(),
      askedAt: z.string(),
      answer: z.string().nullable(),
      answeredBy: z.number().nullable(),
      answeredAt: z.string().nullable(),
    })
    .nullable(),
  /** Who the renewal waits for: a data steward's review, Trust and Legal's answer; null once decided. */
  waitsOn: z.enum(['steward', 'legal_trust']).nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});

const legalTrustState = (n: RenewalRow): RenewalLegalTrustState =>
  n.legal_trust_question === null ? 'none' : n.legal_trust_answer === null ? 'open' : 'answered';

/** The renewal as core's rules see it. */
export const renewalFact = (n: RenewalRow): RenewalFact => ({
  id: n.id,
  state: n.state,
  requestedBy: n.requested_by,
  legalTrust: legalTrustState(n),
});

export const renewalView = (n: RenewalRow): z.infer<typeof renewalSchema> => ({
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
  reviewAnswers: n.review_answers,
  legalTrust:
    n.legal_trust_question === null || n.legal_trust_asked_by === null || n.legal_trust_asked_at === null
      ? null
      : {
          state: n.legal_trust_answer === null ? 'open' : 'answered',
          question: n.legal_trust_question,
          askedBy: n.legal_trust_asked_by,
          askedAt: n.legal_trust_asked_at.toISOString(),
          answer: n.legal_trust_answer,
          answeredBy: n.legal_trust_answered_by,
          answeredAt: n.legal_trust_answered_at?.toISOString() ?? null,
        },
  waitsOn: renewalWaitsOn(renewalFact(n)),
  decidedAt: n.decided_at?.toISOString() ?? null,
  createdAt: n.created_at.toISOString(),
});

export const renewalTarget = z.object({
  review: reviewRefSchema,
  renewalId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});
