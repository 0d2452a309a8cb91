import { type Actor, isProposer, type ReviewParties } from './actor.ts';
import type { Blocker } from './blockers.ts';
import { type Category, isSensitiveCategory } from './categories.ts';
import { DomainError } from './errors.ts';
import { REVIEW_MOVE_WORDS, REVIEW_STATUS_WORDS, wordList } from './vocabulary.ts';

/** SPEC 3: a review's life. */
export const REVIEW_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'sensitive_review',
  'approved',
  'shipped',
  'withdrawn',
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const TERMINAL_STATUSES = ['shipped', 'withdrawn'] as const satisfies readonly ReviewStatus[];

/** The steward's outcome, named as in the policy's bug flags. */
export const STEWARD_OUTCOMES = ['data-review+', 'data-review-'] as const;
export type StewardOutcome = (typeof STEWARD_OUTCOMES)[number];

export type ReviewMove =
  | 'submit'
  | 'resubmit'
  | 'approve'
  | 'start_sensitive_review'
  | 'return'
  | 'ship'
  | 'withdraw';

/** Every legal move: from which statuses, to which status. */
export const REVIEW_MOVES: Record<ReviewMove, { from: readonly ReviewStatus[]; to: ReviewStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  resubmit: { from: ['returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  start_sensitive_review: { from: ['submitted'], to: 'sensitive_review' },
  return: { from: ['submitted'], to: 'returned' },
  ship: { from: ['approved', 'sensitive_review'], to: 'shipped' },
  withdraw: { from: ['draft', 'submitted', 'returned', 'sensitive_review', 'approved'], to: 'withdrawn' },
};

export interface ReviewRef extends ReviewParties {
  status: ReviewStatus;
}

export const isTerminalStatus = (status: ReviewStatus): boolean =>
  (TERMINAL_STATUSES as readonly ReviewStatus[]).includes(status);

export const allowedReviewMoves = (status: ReviewStatus): ReviewMove[] =>
  (Object.keys(REVIEW_MOVES) as ReviewMove[]).filter((m) => REVIEW_MOVES[m].from.includes(status));

/** The status a move leads to; an illegal move is refused naming the current status and the allowed moves. */
export function moveReview(status: ReviewStatus, move: ReviewMove): ReviewStatus {
  const rule = REVIEW_MOVES[move];
  if (rule.from.includes(status)) return rule.to;
  const allowed = allowedReviewMoves(status);
  throw new DomainError(
    'RULE_VIOLATION',
    `A review that is ${REVIEW_STATUS_WORDS[status]} cannot ${REVIEW_MOVE_WORDS[move]}; ${
      allowed.length
        ? `it can ${wordList(
            allowed.map((m) => REVIEW_MOVE_WORDS[m]),
            'or',
          )}`
        : 'it can no longer change'
    }.`,
    { current: status, move, allowed },
  );
}

function assertProposer(actor: Actor, review: ReviewParties, what: string): void {
  if (!isProposer(actor, review)) {
    throw new DomainError('FORBIDDEN', `Only the proposer of the review may ${what}.`, { action: what });
  }
}

/** Step 1: the data requester submits the request form to a data steward. */
export function nextStatusAfterSubmit({ actor, review }: { actor: Actor; review: ReviewRef }): ReviewStatus {
  assertProposer(actor, review, 'submit it');
  return moveReview(review.status, 'submit');
}

/** "Unapproved requests are returned to data requesters for changes": revised, then submitted again. */
export function nextStatusAfterResubmit({
  actor,
  review,
}: {
  actor: Actor;
  review: ReviewRef;
}): ReviewStatus {
  assertProposer(actor, review, 'resubmit it');
  return moveReview(review.status, 'resubmit');
}

/**
 * Step 2 outcome: `data-review-` returns the request; `data-review+` approves category 1/2 and sends
 * category 3/4 into the sensitive data collection review (Step 3).
 */
export function nextStatusAfterStewardReview(
  status: ReviewStatus,
  outcome: StewardOutcome,
  category: Category,
): ReviewStatus {
  if (outcome === 'data-review-') return moveReview(status, 'return');
  return moveReview(status, isSensitiveCategory(category) ? 'start_sensitive_review' : 'approve');
}

/** SPEC 3: any state that is not final → withdrawn, by its proposer. */
export function nextStatusAfterWithdraw({
  actor,
  review,
}: {
  actor: Actor;
  review: ReviewRef;
}): ReviewStatus {
  assertProposer(actor, review, 'withdraw it');
  return moveReview(review.status, 'withdraw');
}

/** "Data collection may not be shipped to users until final sign-offs have been obtained": the gate decides. */
export function nextStatusAfterShip({
  actor,
  review,
  gate,
}: {
  actor: Actor;
  review: ReviewRef;
  gate: { canShip: boolean; blockers: readonly Blocker[] };
}): ReviewStatus {
  assertProposer(actor, review, 'mark it shipped');
  const next = moveReview(review.status, 'ship');
  if (!gate.canShip) {
    throw new DomainError(
      'RULE_VIOLATION',
      `The review cannot be marked shipped yet: ${[...new Set(gate.blockers.map((b) => b.message.replace(/\.$/, '')))].join('; ')}.`,
      { current: review.status, blockers: gate.blockers },
    );
  }
  return next;
}

/** SPEC 4: the documentation is revised until it is approved; then a change needs a new review. */
export const DOCUMENTATION_EDITABLE_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'sensitive_review',
] as const satisfies readonly ReviewStatus[];

export function assertMayEditDocumentation({ actor, review }: { actor: Actor; review: ReviewRef }): void {
  assertProposer(actor, review, 'edit its documentation');
  if (!(DOCUMENTATION_EDITABLE_STATUSES as readonly ReviewStatus[]).includes(review.status)) {
    throw new DomainError(
      'RULE_VIOLATION',
      `The documentation of a review that is ${REVIEW_STATUS_WORDS[review.status]} cannot change; it changes until the review is approved (a change after that needs a new review).`,
      { current: review.status, allowed: [...DOCUMENTATION_EDITABLE_STATUSES] },
    );
  }
}
