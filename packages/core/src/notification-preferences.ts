import type { NotificationEvent } from './announcement-mail.ts';

/**
 * Notification preferences per kind of mail (issue 14): each kind a person may turn off, in the words of the
 * mail itself. Mail that asks a person to act on work waiting for them (reminders, the annual survey) and
 * announcements (to the list, not to a person) always go out.
 */
export const NOTIFICATION_KINDS = {
  sensitive_review_started: 'a review enters the sensitive review and your area is asked for its sign-off',
  sign_off_turn: 'the sign-offs your area waits for are in, and it is your turn to sign off',
  sign_off_stale: 'the documentation changed and your sign-off needs re-confirming',
  area_decision: 'an area records its decision on a review you take part in',
  mitigation_requested: 'an area requests a mitigation',
  mitigation_awaits_acceptance: 'a mitigation is implemented and waits for your acceptance',
  escalation_step: 'an escalation you are part of moves to its next step',
  legal_trust_question: 'a data steward escalates a review to Trust and Legal (to legal/trust facilitators)',
  steward_requested: 'you are the data steward a proposer requests for a review',
  renewal_requested: 'a collection asks for a renewal (to data stewards)',
  code_review:
    'a code revision you author or review needs data classification, or went high (to data stewards)',
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_KEYS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** What is always sent, in plain words. */
export const ALWAYS_SENT_MAIL = [
  'reminders of a sign-off that has waited too long for you',
  'reminders of any other step of a review (a mitigation, the question to Trust and Legal, an escalation) that has waited too long for you',
  'reminders of a request that has waited two working days for a data steward',
  'the annual survey of the collections you are accountable for, and its reminders',
  'announcements to the data-review mailing list (they go to the list, not to you)',
] as const;

/** The kind of mail each notification is; null: essential, always sent. Every event is listed. */
const KIND_OF_EVENT: Record<NotificationEvent['kind'], NotificationKind | null> = {
  sensitive_review_started: 'sensitive_review_started',
  sign_off_turn: 'sign_off_turn',
  sign_off_stale: 'sign_off_stale',
  mitigation_awaits_acceptance: 'mitigation_awaits_acceptance',
  area_decision: 'area_decision',
  mitigation_requested: 'mitigation_requested',
  escalation_step: 'escalation_step',
  sign_off_reminder: null,
  step_reminder: null,
  renewal_requested: 'renewal_requested',
  legal_trust_question: 'legal_trust_question',
  steward_requested: 'steward_requested',
  steward_review_reminder: null,
};

/** The preference that governs a notification, or null when it is always sent. */
export const notificationKindOf = (event: Pick<NotificationEvent, 'kind'>): NotificationKind | null =>
  KIND_OF_EVENT[event.kind];

/** Does a person who turned off `muted` get mail of `kind`? Essential mail (null) always goes out. */
export const wantsNotification = (muted: readonly string[], kind: NotificationKind | null): boolean =>
  kind === null || !muted.includes(kind);
