import { RENEWAL_STATES, renewalReviewSchema, STEWARD_OUTCOMES } from '@signoff/core';
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
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
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
  decidedAt: n.decided_at?.toISOString() ?? null,
  createdAt: n.created_at.toISOString(),
});

export const renewalTarget = z.object({
  review: reviewRefSchema,
  renewalId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});
