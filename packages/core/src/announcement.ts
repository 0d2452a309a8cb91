import { type Actor, isProposer } from './actor.ts';
import { type Category, isSensitiveCategory } from './categories.ts';
import { DomainError } from './errors.ts';
import type { ReviewRef, ReviewStatus } from './review-status.ts';
import { REVIEW_STATUS_WORDS } from './vocabulary.ts';

/** "…we require additional review to be performed and an announcement to a mailing list." */
export const DEFAULT_ANNOUNCEMENT_LIST = 'data-review@mozilla.com';

/** none → queued (outbox) → sent, or failing while retried; `recorded` = sent by hand (archive link). */
export const ANNOUNCEMENT_STATES = ['none', 'queued', 'sent', 'failing', 'recorded'] as const;
export type AnnouncementState = (typeof ANNOUNCEMENT_STATES)[number];

/** Required for category 3 and 4, "including in pre-release channels and experiments". */
export const isAnnouncementRequired = (category: Category): boolean => isSensitiveCategory(category);

export const isAnnouncementDone = (state: AnnouncementState): boolean =>
  state === 'sent' || state === 'recorded';

/**
 * The proposer announces the collection ("send an email to the data-review@mozilla.com mailing list")
 * once it is submitted and until it ships; a draft has nothing to announce yet.
 */
export function assertMayAnnounce({ actor, review }: { actor: Actor; review: ReviewRef }): void {
  if (!isProposer(actor, review))
    throw new DomainError('FORBIDDEN', 'Only the proposer of the review announces it.', {
      action: 'announce',
    });
  if (!ANNOUNCEABLE_STATUSES.includes(review.status))
    throw new DomainError(
      'RULE_VIOLATION',
      `A review that is ${REVIEW_STATUS_WORDS[review.status]} cannot be announced; a review is announced once it is submitted and until it ships.`,
      { current: review.status, allowed: [...ANNOUNCEABLE_STATUSES] },
    );
}
const ANNOUNCEABLE_STATUSES: readonly ReviewStatus[] = [
  'submitted',
  'returned',
  'sensitive_review',
  'approved',
];
