import { type AnnouncementState, isAnnouncementDone } from './announcement.ts';
import { DomainError } from './errors.ts';

/** How an announcement was made (SPEC 8): sent through the outbox, or recorded as sent by hand. */
export const ANNOUNCEMENT_METHODS = ['outbox', 'manual'] as const;
export type AnnouncementMethod = (typeof ANNOUNCEMENT_METHODS)[number];

/** An outbox mail's state: queued → sending → sent, or retrying with backoff, or failed for good. */
export const MAIL_STATES = ['queued', 'sending', 'retrying', 'sent', 'failed'] as const;
export type MailState = (typeof MAIL_STATES)[number];
export const MAIL_KINDS = ['announcement', 'notification'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
/** How one delivery attempt ended. */
export const MAIL_ATTEMPT_OUTCOMES = ['sent', 'retry', 'failed', 'abandoned'] as const;
export type MailAttemptOutcome = (typeof MAIL_ATTEMPT_OUTCOMES)[number];

/** What the proposer sees of one announcement's mail: null for one recorded by hand (no mail). */
export type AnnouncementDelivery = 'queued' | 'sent' | 'failing';

/** One announcement as the rules see it: its method and, sent through the outbox, its mail's state. */
export interface AnnouncementRecord {
  method: AnnouncementMethod;
  /** null: recorded by hand (or its mail is gone). */
  mailState: MailState | null;
}

/** A mail refused by the server (retried, or given up) is failing; one not yet handed over is queued. */
export function announcementDelivery(mailState: MailState | null): AnnouncementDelivery | null {
  if (mailState === null) return null;
  if (mailState === 'sent') return 'sent';
  if (mailState === 'retrying' || mailState === 'failed') return 'failing';
  return 'queued';
}

/**
 * The review's announcement state from all its announcements (the gate's ANNOUNCEMENT_MISSING reads it):
 * one recorded by hand counts first (its archive link proves it went out), then a delivered mail, then
 * one failing while retried, then one still queued; nothing made: none.
 */
export function announcementState(records: readonly AnnouncementRecord[]): AnnouncementState {
  if (records.some((a) => a.method === 'manual')) return 'recorded';
  const deliveries = records.map((a) => announcementDelivery(a.mailState));
  if (deliveries.includes('sent')) return 'sent';
  if (deliveries.includes('failing')) return 'failing';
  return records.length > 0 ? 'queued' : 'none';
}

/**
 * SPEC 8, "send an email to the data-review mailing list": a review is announced once. Once the mail went
 * out or one sent by hand was recorded, neither is made again; while the outbox mail is still queued or
 * failing, the proposer may record one sent by hand instead (the fallback the policy allows).
 * A manual announcement always carries its archive link.
 */
export function assertMayMakeAnnouncement({
  method,
  state,
  archiveLink = null,
}: {
  method: AnnouncementMethod;
  state: AnnouncementState;
  archiveLink?: string | null;
}): void {
  if (isAnnouncementDone(state))
    throw new DomainError(
      'RULE_VIOLATION',
      state === 'sent'
        ? 'This review is already announced: its announcement mail was delivered to the mailing list. A review is announced once.'
        : 'This review is already announced: an announcement sent by hand is recorded. A review is announced once.',
      { rule: 'announced_once', current: state, method },
    );
  if (method === 'manual' && (archiveLink === null || archiveLink.trim() === ''))
    throw new DomainError(
      'VALIDATION',
      'An announcement sent by hand needs the link to it in the mailing-list archive.',
      { field: 'archiveLink' },
    );
}
