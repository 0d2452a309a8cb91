import {
  assertMayAnswerLegalTrustOnRenewal,
  assertMayAskLegalTrustOnRenewal,
  legalTrustAnswerSchema,
  ownersOf,
  renewalLegalTrustQuestionSchema,
} from '@signoff/core';
import { updateRenewal } from '@signoff/db';
import type { z } from 'zod';
import { notify, renewalReviewers, stepsOfReview } from '../notify.ts';
import { renewalDecision } from './renewal-decision.ts';
import { renewalFact, renewalTarget } from './renewal-view.ts';

export const askLegalTrustOnRenewalInput = renewalTarget.and(renewalLegalTrustQuestionSchema);
export const answerLegalTrustOnRenewalInput = renewalTarget.and(legalTrustAnswerSchema);

/**
 * "A data steward may escalate concerns to the Trust and Legal teams": the steward reviewing a renewal asks
 * them a question; the renewal waits for their answer before it is reviewed. The owners of the answer's step
 * (core's openSteps: Legal/Trust's facilitators off the proposer's side) are told (SPEC 15).
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
    const updated = await updateRenewal(trx, renewal.id, {
      legal_trust_question: input.question,
      legal_trust_asked_by: actor.personId,
      legal_trust_asked_at: ctx.now(),
    });
    const steps = await stepsOfReview(trx, ctx, review.id);
    await notify(
      trx,
      ctx,
      review,
      ownersOf(
        steps,
        (s) => s.ready && s.action === 'answer_renewal_legal_trust' && s.renewalId === renewal.id,
      ),
      {
        kind: 'legal_trust_question',
        reasons: [],
        renewal: { renewalId: renewal.id, newExpires: renewal.new_expires, question: input.question },
      },
    );
    return updated;
  },
);

/**
 * Trust and Legal answer the steward's question on a renewal; the renewal goes back to the steward, and the
 * owners of its review step (the data stewards off the collection's side) are told it is theirs again.
 */
export const answerLegalTrustOnRenewal = renewalDecision(
  'renewal.answerLegalTrust',
  'renewal.legal_trust_answered',
  async (
    { ctx, trx, actor, review, ref, renewal },
    input: z.infer<typeof answerLegalTrustOnRenewalInput>,
  ) => {
    assertMayAnswerLegalTrustOnRenewal({ actor, review: ref, renewal: renewalFact(renewal) });
    const updated = await updateRenewal(trx, renewal.id, {
      legal_trust_answer: input.answer,
      legal_trust_answered_by: actor.personId,
      legal_trust_answered_at: ctx.now(),
    });
    await notify(trx, ctx, review, renewalReviewers(await stepsOfReview(trx, ctx, review.id), renewal.id), {
      kind: 'renewal_requested',
      renewalId: renewal.id,
      newExpires: renewal.new_expires,
      legalTrustAnswered: true,
    });
    return updated;
  },
);
