import {
  assertLegalTrustQuestionOpen,
  assertMayAnswerLegalTrust,
  legalTrustAnswerSchema,
} from '@signoff/core';
import { answerLegalTrustQuestions } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { reviewCommand } from './review-command.ts';

export const answerLegalTrustInput = legalTrustAnswerSchema.extend({
  review: reviewRefSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const answerLegalTrustOutput = z.object({ answered: z.number(), answer: z.string() });

/** Trust and Legal answer a data steward's escalation (review.md Q7, Q9); the review no longer waits for them. */
export const answerLegalTrust = reviewCommand(
  'steward.answerLegalTrust',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof answerLegalTrustInput>) => {
    assertMayAnswerLegalTrust({ actor, review: ref });
    const answered = await answerLegalTrustQuestions(trx, {
      reviewId: review.id,
      answer: input.answer,
      answeredBy: actor.personId,
      at: ctx.now(),
    });
    assertLegalTrustQuestionOpen(review.key, answered.length);
    await audit({
      action: 'legal_trust.answered',
      reviewId: review.id,
      subject: review.key,
      after: { questions: answered.map((q) => q.id), answer: input.answer },
    });
    return { answered: answered.length, answer: input.answer };
  },
);
