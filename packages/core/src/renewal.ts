import { z } from 'zod';
import { type Actor, isProposer, proposerSideIds, type ReviewParties } from './actor.ts';
import { describeExpiry, parseExpiry } from './collection-period.ts';
import { DomainError } from './errors.ts';
import { FORM_LIMITS } from './request-form.ts';
import { type ReviewRef, STEWARD_OUTCOMES, type StewardOutcome } from './review-status.ts';
import { assertMayAnswerLegalTrust } from './steward-review.ts';
import { RENEWAL_STATE_WORDS, thisReviewIs } from './vocabulary.ts';

export * from './collection-period.ts';

/** The UTC calendar day of `now`. */
const today = (now: Date) => now.toISOString().slice(0, 10);

/**
 * A collection's period (question 7, "How long will this data be collected?") and its renewal with the
 * policy's shorter renewal form: a link to the original review, the new expiry, and why the first period
 * was not enough; a data steward's renewal review (data-review+ / data-review-) extends it.
 */

export const RENEWAL_STATES = ['requested', 'approved', 'rejected', 'withdrawn'] as const;
export type RenewalState = (typeof RENEWAL_STATES)[number];

/** The shorter renewal form. The link to the original review is the review the renewal belongs to. */
export const renewalRequestSchema = z
  .object({
    /** "When will this collection now expire?" */
    newExpires: z.string().trim().min(1).max(FORM_LIMITS.short),
    /** A permanent collection names who monitors it. */
    monitoredBy: z.string().trim().min(1).max(FORM_LIMITS.short).optional(),
    /** "Why was the initial period of collection insufficient?" */
    reason: z.string().trim().min(1).max(FORM_LIMITS.text),
    /** The bug the renewal is filed in, if any. */
    bug: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, 'a bug number')
      .optional(),
  })
  .refine((r) => parseExpiry(r.newExpires).kind !== 'never' || !!r.monitoredBy, {
    message: 'a permanent collection names who monitors it',
    path: ['monitoredBy'],
  });
export type RenewalRequest = z.output<typeof renewalRequestSchema>;

/** A collection is renewed once a steward approved it: approved by the steward, or shipped. */
export const RENEWABLE_STATUSES = ['approved', 'shipped'] as const;

/**
 * Who may ask to renew, and when: the accountable people (requester/proposer, engineering owner) of an
 * approved or shipped collection that is not permanent, one renewal at a time. The new period itself is
 * checked by `assertMayRequestRenewal`; a screen asks this to offer the renewal form.
 */
export function assertMayAskForRenewal({
  actor,
  review,
  currentExpires,
  pendingRenewalId,
}: {
  actor: Actor;
  review: ReviewRef & { requesterId: number };
  currentExpires: string | null;
  pendingRenewalId: number | null;
}): void {
  if (!isProposer(actor, review) && actor.personId !== review.requesterId)
    throw new DomainError('FORBIDDEN', 'Only the accountable people of a collection request its renewal.');
  if (!(RENEWABLE_STATUSES as readonly string[]).includes(review.status))
    throw new DomainError(
      'RULE_VIOLATION',
      `Only an approved or shipped collection is renewed; ${thisReviewIs(review.status)}.`,
      { current: review.status, allowed: [...RENEWABLE_STATUSES] },
    );
  if (pendingRenewalId !== null)
    throw new DomainError(
      'CONFLICT',
      'An earlier renewal request is still waiting for a data steward; withdraw it or wait for its review.',
      { renewalId: pendingRenewalId },
    );
  if (parseExpiry(currentExpires).kind === 'never')
    throw new DomainError('RULE_VIOLATION', 'A permanent collection has nothing to renew.', {
      field: 'newExpires',
    });
}

/**
 * The accountable people (requester/proposer, engineering owner) ask to renew an approved or shipped
 * collection, one renewal at a time, to a period that ends later than the current one.
 */
export function assertMayRequestRenewal({
  actor,
  review,
  currentExpires,
  pendingRenewalId,
  request,
  now,
}: {
  actor: Actor;
  review: ReviewRef & { requesterId: number };
  currentExpires: string | null;
  pendingRenewalId: number | null;
  request: RenewalRequest;
  now: Date;
}): void {
  assertMayAskForRenewal({ actor, review, currentExpires, pendingRenewalId });
  const current = parseExpiry(currentExpires);
  const next = parseExpiry(request.newExpires);
  // A renewal names when the collection now ends: "6 more months" would count from nowhere.
  if (next.kind === 'expired' || next.kind === 'none' || next.kind === 'unknown' || next.kind === 'months')
    throw new DomainError(
      'VALIDATION',
      'newExpires: a date (YYYY-MM-DD), a version (e.g. Firefox 150) or never.',
      { field: 'newExpires' },
    );
  if (next.kind === 'date' && next.date <= today(now))
    throw new DomainError('VALIDATION', `newExpires: ${next.date} is not in the future.`, {
      field: 'newExpires',
    });
  const laterThanCurrent =
    next.kind === 'never' ||
    current.kind !== next.kind ||
    (next.kind === 'date' && current.kind === 'date' && next.date > current.date) ||
    (next.kind === 'version' && current.kind === 'version' && next.version > current.version);
  if (!laterThanCurrent)
    throw new DomainError(
      'VALIDATION',
      `newExpires: the renewal must end later than the current period (${describeExpiry(current)}).`,
      { field: 'newExpires' },
    );
}

/** renewal_review.md: the data steward's two questions, in its words. */
export const RENEWAL_REVIEW_QUESTIONS = [
  {
    key: 'originalReviewComplete',
    question: 'Is the provided Data Collection Review complete, correct, and data-review+ by a Data Steward?',
  },
  {
    key: 'privacyNoticeCoverage',
    question: 'Is the data collection covered by the existing Firefox Privacy Notice?',
  },
] as const;
export type RenewalReviewQuestion = (typeof RENEWAL_REVIEW_QUESTIONS)[number]['key'];

/** `unsure`: the steward cannot answer ("if the Data Steward can't answer the questions in this form"). */
export const RENEWAL_REVIEW_ANSWERS = ['yes', 'no', 'unsure'] as const;
export type RenewalReviewAnswer = (typeof RENEWAL_REVIEW_ANSWERS)[number];

const renewalAnswerSchema = z.object({
  answer: z.enum(RENEWAL_REVIEW_ANSWERS),
  note: z.string().trim().max(2_000).optional(),
});

export const renewalReviewSchema = z.object({
  outcome: z.enum(STEWARD_OUTCOMES),
  /** The two questions of the renewal review; a renewal decided before they were asked has none. */
  answers: z.object({
    originalReviewComplete: renewalAnswerSchema,
    privacyNoticeCoverage: renewalAnswerSchema,
  }),
  /** The steward's written renewal review (with data-review-: how to correct the request, or that Trust is involved). */
  stewardReview: z.string().trim().min(1).max(FORM_LIMITS.text),
});
export type RenewalReview = z.output<typeof renewalReviewSchema>;
export type RenewalReviewAnswers = RenewalReview['answers'];

/**
 * The steward's question to Trust and Legal on a renewal ("a data steward may escalate concerns to the Trust
 * and Legal teams"): none asked, asked and waiting for their answer, or answered.
 */
export type RenewalLegalTrustState = 'none' | 'open' | 'answered';

/** A renewal as the rules see it. */
export interface RenewalFact {
  id: number;
  state: RenewalState;
  requestedBy: number;
  /** Absent: no question to Trust and Legal. */
  legalTrust?: RenewalLegalTrustState;
  /** "When will this collection now expire?": names the renewal in words (absent: not loaded). */
  newExpires?: string;
}

/**
 * The people who never review a renewal of this collection: its own side (requester/proposer, engineering
 * owner) and whoever requested the renewal. The renewal rules and the renewal's open step both read it.
 */
export const renewalOwnSideIds = (review: ReviewParties, renewal: Pick<RenewalFact, 'requestedBy'>) => [
  ...new Set([...proposerSideIds(review), renewal.requestedBy]),
];

/** Who a renewal waits for: a data steward's renewal review, Trust and Legal's answer, or nobody (decided). */
export const renewalWaitsOn = (renewal: RenewalFact): 'steward' | 'legal_trust' | null =>
  renewal.state !== 'requested' ? null : renewal.legalTrust === 'open' ? 'legal_trust' : 'steward';

/** The steward's question to Trust and Legal on a renewal, in their words. */
export const renewalLegalTrustQuestionSchema = z.object({
  question: z.string().trim().min(1).max(FORM_LIMITS.text),
});

/** What the steward's rules on a renewal read: who acts, the review (with its requester), the renewal. */
interface RenewalStewardCase {
  actor: Actor;
  review: ReviewRef & { requesterId: number };
  renewal: RenewalFact;
}

/** Who reviews a renewal, and when: a data steward, not of the collection's own side, while it waits. */
export function assertMayReviewRenewal({ actor, review, renewal }: RenewalStewardCase): void {
  assertMayTakeRenewal({ actor, review, renewal });
  if (renewal.legalTrust === 'open')
    throw new DomainError(
      'RULE_VIOLATION',
      "This renewal waits for Trust and Legal's answer to the data steward's question; it is reviewed once they answer.",
      { current: 'legal_trust' },
    );
}

/**
 * While reviewing a renewal, a data steward may ask Trust and Legal (renewal_review.md: "or that Trust is
 * involved"; the policy: "a data steward may escalate concerns to the Trust and Legal teams"): one question
 * per renewal, and the renewal then waits for their answer.
 */
export function assertMayAskLegalTrustOnRenewal({ actor, review, renewal }: RenewalStewardCase): void {
  assertMayTakeRenewal({ actor, review, renewal });
  if ((renewal.legalTrust ?? 'none') !== 'none')
    throw new DomainError(
      'CONFLICT',
      renewal.legalTrust === 'open'
        ? 'Trust and Legal were already asked about this renewal; it waits for their answer.'
        : 'Trust and Legal already answered the question on this renewal; review it now.',
      { current: renewal.legalTrust },
    );
}

/** Trust and Legal answer the steward's question on a renewal: a legal/trust facilitator off the proposer side. */
export function assertMayAnswerLegalTrustOnRenewal({
  actor,
  review,
  renewal,
}: {
  actor: Actor;
  review: ReviewRef;
  renewal: RenewalFact;
}): void {
  assertMayAnswerLegalTrust({ actor, review });
  if (renewal.state !== 'requested' || renewal.legalTrust !== 'open')
    throw new DomainError('RULE_VIOLATION', 'This renewal has no question waiting for Trust and Legal.', {
      current: renewal.legalTrust ?? 'none',
    });
}

/** A data steward off the collection's own side, on a renewal that waits. */
function assertMayTakeRenewal({ actor, review, renewal }: RenewalStewardCase): void {
  if (!actor.isSteward) throw new DomainError('FORBIDDEN', 'Only a data steward reviews a renewal.');
  if (renewalOwnSideIds(review, renewal).includes(actor.personId))
    throw new DomainError('FORBIDDEN', 'A data steward does not review a renewal of their own collection.');
  if (renewal.state !== 'requested')
    throw new DomainError(
      'RULE_VIOLATION',
      `This renewal request is ${RENEWAL_STATE_WORDS[renewal.state]}, not waiting for a review.`,
      {
        current: renewal.state,
      },
    );
}

/**
 * renewal_review.md's rules on the answers, by field (a screen shows them before asking): data-review+ needs
 * "yes" to both questions, and the first "yes" only when the collection's review has a steward's data-review+.
 */
export function renewalReviewIssues(
  input: {
    outcome: StewardOutcome;
    answers: { [K in RenewalReviewQuestion]: { answer: RenewalReviewAnswer } };
  },
  originalOutcome: StewardOutcome | null,
): { field: `answers.${RenewalReviewQuestion}`; message: string }[] {
  const issues: { field: `answers.${RenewalReviewQuestion}`; message: string }[] = [];
  if (input.answers.originalReviewComplete.answer === 'yes' && originalOutcome !== 'data-review+')
    issues.push({
      field: 'answers.originalReviewComplete',
      message:
        'The collection\'s review has no data-review+ by a data steward, so it is not complete and correct: answer "no" and give data-review-.',
    });
  if (input.outcome === 'data-review+')
    for (const q of RENEWAL_REVIEW_QUESTIONS)
      if (input.answers[q.key].answer !== 'yes')
        issues.push({
          field: `answers.${q.key}`,
          message: `data-review+ needs "yes" to: ${q.question} Otherwise give data-review- and say how to correct the request, or involve Trust.`,
        });
  return issues;
}

/**
 * A data steward reviews a waiting renewal with renewal_review.md's two questions; data-review+ extends the
 * period, data-review- refuses it. "If the request is incomplete, or if the Data Steward can't answer the
 * questions in this form, the Steward should give a data-review-": data-review+ needs "yes" to both, and the
 * first "yes" only when the collection's own review has a steward's data-review+ (`originalOutcome`).
 */
export function decideRenewal({
  actor,
  review,
  renewal,
  input,
  originalOutcome,
}: RenewalStewardCase & {
  input: RenewalReview;
  /** The steward outcome of the review the renewal belongs to. */
  originalOutcome: StewardOutcome | null;
}): RenewalState {
  assertMayReviewRenewal({ actor, review, renewal });
  const [issue] = renewalReviewIssues(input, originalOutcome);
  if (issue) throw new DomainError('RULE_VIOLATION', issue.message, { field: issue.field });
  return renewalStateAfter(input.outcome);
}

export const renewalStateAfter = (outcome: StewardOutcome): RenewalState =>
  outcome === 'data-review+' ? 'approved' : 'rejected';

/** The requester withdraws a renewal nobody has reviewed yet. */
export function assertMayWithdrawRenewal({
  actor,
  renewal,
}: {
  actor: Actor;
  renewal: { id: number; state: RenewalState; requestedBy: number };
}): void {
  if (actor.personId !== renewal.requestedBy)
    throw new DomainError('FORBIDDEN', 'Only the person who requested a renewal withdraws it.');
  if (renewal.state !== 'requested')
    throw new DomainError(
      'RULE_VIOLATION',
      `This renewal request is ${RENEWAL_STATE_WORDS[renewal.state]}; it can no longer be withdrawn.`,
      {
        current: renewal.state,
      },
    );
}
