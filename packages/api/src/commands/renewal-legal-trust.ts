import {
  assertMayAnswerLegalTrustOnRenewal,
  assertMayAskLegalTrustOnRenewal,
  legalTrustAnswerSchema,
  renewalLegalTrustQuestionSchema,
} from '@signoff/core';
import { updateRenewal } from '@signoff/db';
import type { z } from 'zod';
import { renewalDecision } from './renewal-decision.ts';
import { renewalFact, renewalTarget } from './renewal-view.ts';

export const askLegalTrustOnRenewalInput = renewalTarget.and(renewalLegalTrustQuestionSchema);
export const answerLegalTrustOnRenewalInput = renewalTarget.and(legalTrustAnswerSchema);

/**
 * "A data steward may escalate concerns to the Trust and Legal teams": the steward reviewing a renewal asks
 * them a question; the renewal waits for their answer before it is reviewed.
 */
export const askLegalTrustOnRenewal = renewalDecision(
  'renewal.askLegalTrust',
  'renewal.legal_trust_asked',
  async ({ ctx, trx, actor, review, ref, renewal }, input: z.infer<typeof askLegalTrustOnRenewalInput>) => {
    assertMayAskLegalTrustOnRenewal({
      actor,
      review: { ...ref, requesterId: review.requester_id },
      renewal: renewalFact(renewal),
    });
    return updateRenewal(trx, renewal.id, {
      legal_trust_question: input.question,
      legal_trust_asked_by: actor.personId,
      legal_trust_asked_at: ctx.now(),
    });
  },
);

/** Trust and Legal answer the steward's question on a renewal; the renewal goes back to the steward. */
export const answerLegalTrustOnRenewal = renewalDecision(
  'renewal.answerLegalTrust',
  'renewal.legal_trust_answered',
  async ({ ctx, trx, actor, ref, renewal }, input: z.infer<typeof answerLegalTrustOnRenewalInput>) => {
    assertMayAnswerLegalTrustOnRenewal({ actor, review: ref, renewal: renewalFact(renewal) });
    return updateRenewal(trx, renewal.id, {
      legal_trust_answer: input.answer,
      legal_trust_answered_by: actor.personId,
      legal_trust_answered_at: ctx.now(),
    });
  },
);
