import type { Actor } from './actor.ts';
import {
  assertMayAnswerSurveyItem,
  assertMayOpenSurvey,
  assertMayReassignSurveyItem,
} from './annual-survey.ts';
import { verdict } from './next-steps.ts';
import {
  assertMayAnswerLegalTrustOnRenewal,
  assertMayAskForRenewal,
  assertMayAskLegalTrustOnRenewal,
  assertMayReviewRenewal,
  assertMayWithdrawRenewal,
  type RenewalFact,
} from './renewal.ts';
import type { ReviewRef } from './review-status.ts';

/** Whether a person may do one thing, with the refusing rule's words when not (as `allowedActions`). */
export interface Verdict {
  allowed: boolean;
  reason: string | null;
}

/**
 * What `actor` may do about a collection's renewals (SPEC 12), from the rules that refuse the writes: ask
 * for a renewal, and per waiting renewal review it (a data steward) or withdraw it (who asked).
 */
export function renewalActions({
  actor,
  review,
  currentExpires,
  renewals,
}: {
  actor: Actor;
  review: ReviewRef & { requesterId: number };
  currentExpires: string | null;
  renewals: readonly RenewalFact[];
}): {
  request: Verdict;
  renewals: {
    renewalId: number;
    review: Verdict;
    withdraw: Verdict;
    askLegalTrust: Verdict;
    answerLegalTrust: Verdict;
  }[];
} {
  const pending = renewals.find((n) => n.state === 'requested') ?? null;
  return {
    request: verdict(() =>
      assertMayAskForRenewal({ actor, review, currentExpires, pendingRenewalId: pending?.id ?? null }),
    ),
    renewals: renewals.map((renewal) => ({
      renewalId: renewal.id,
      review: verdict(() => assertMayReviewRenewal({ actor, review, renewal })),
      withdraw: verdict(() => assertMayWithdrawRenewal({ actor, renewal })),
      askLegalTrust: verdict(() => assertMayAskLegalTrustOnRenewal({ actor, review, renewal })),
      answerLegalTrust: verdict(() => assertMayAnswerLegalTrustOnRenewal({ actor, review, renewal })),
    })),
  };
}

/**
 * Who may open a survey (the year and due date are checked when one is opened) and send its reminders:
 * the survey's admin procedures share the rule.
 */
export function surveyActions(actor: Actor, now: Date): { open: Verdict; sendReminders: Verdict } {
  const open = verdict(() =>
    assertMayOpenSurvey({
      actor,
      year: now.getUTCFullYear(),
      dueAt: new Date(now.getTime() + 86_400_000),
      existingSurveyId: null,
      now,
    }),
  );
  return { open, sendReminders: open };
}

/** Per survey item: may `actor` answer it, or hand it to someone else? */
export function surveyItemActions({
  actor,
  ownerId,
  review,
  answered,
}: {
  actor: Actor;
  ownerId: number;
  review: Parameters<typeof assertMayAnswerSurveyItem>[0]['review'];
  answered: boolean;
}): { answer: Verdict; reassign: Verdict } {
  return {
    answer: verdict(() => assertMayAnswerSurveyItem({ actor, ownerId, review })),
    reassign: verdict(() => assertMayReassignSurveyItem({ actor, answered })),
  };
}
