import type { AnnouncementMethod } from './announcement-state.ts';
import type { SurveyItemState } from './annual-survey.ts';
import type { Area } from './areas.ts';
import type { DataSensitivity } from './categories.ts';
import type { Channel, DefaultState } from './channels.ts';
import type { DiscussionMove, DiscussionState } from './discussion.ts';
import type { EscalationDecision, EscalationLevel, EscalationState } from './escalation.ts';
import type { MitigationKind, MitigationMove, MitigationState } from './mitigation.ts';
import type { RenewalState } from './renewal.ts';
import { REQUEST_FORM_QUESTIONS } from './request-form.ts';
import type { ReviewMove, ReviewStatus } from './review-status.ts';
import type { Risk, SignOffDecision } from './sign-off.ts';

// Issue 15 point 3: one vocabulary for every word a person reads. The data keeps its codes (statuses, states,
// event names, field keys); messages, mails, exports and screens say these words. Pure: the renderer bundles
// this module (`@signoff/core/vocabulary`), so it imports no runtime code but the request form's questions.

/** A review's status as a heading or a badge ("Sensitive review"). */
export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: 'Draft',
  submitted: 'Waiting for a steward',
  returned: 'Returned for changes',
  sensitive_review: 'Sensitive review',
  approved: 'Approved',
  shipped: 'Shipped',
  withdrawn: 'Withdrawn',
};

/** A review's status inside a sentence: "this review is {words}". */
export const REVIEW_STATUS_WORDS: Record<ReviewStatus, string> = {
  draft: 'a draft',
  submitted: 'waiting for a data steward',
  returned: 'returned for changes',
  sensitive_review: 'in the sensitive review',
  approved: 'approved',
  shipped: 'shipped',
  withdrawn: 'withdrawn',
};

/** A value in words from its table; a value the table lacks (a newer code) still reads as words. */
export const inWords = <K extends string>(table: Record<K, string>, value: string): string =>
  (table as Record<string, string>)[value] ?? value.replaceAll('_', ' ');

/** "this review is approved": the end of a refusal that names where the review stands. */
export const thisReviewIs = (status: string): string =>
  `this review is ${inWords(REVIEW_STATUS_WORDS, status)}`;

/** A list in words: "a, b and c", "a or b". */
export const wordList = (items: readonly string[], last = 'and'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;

/** The end of a refused move: "it can be implemented or withdrawn", or that nothing can change it now. */
export const canStill = (done: readonly string[]): string =>
  done.length ? `it can be ${wordList(done, 'or')}` : 'it can no longer change';

/** What a review move does, after "cannot" / "may". */
export const REVIEW_MOVE_WORDS: Record<ReviewMove, string> = {
  submit: 'be submitted',
  resubmit: 'be resubmitted',
  approve: 'be approved',
  start_sensitive_review: 'start the sensitive review',
  return: 'be returned for changes',
  ship: 'be marked shipped',
  withdraw: 'be withdrawn',
};

/** Short area names for sentences ("the Legal/Trust sign-off") and the screens. */
export const AREA_SHORT_NAMES: Record<Area, string> = {
  privacy_technical: 'Privacy/Technical',
  data: 'Data',
  legal_trust: 'Legal/Trust',
  security: 'Security',
};
export const CHANNEL_LABELS: Record<Channel, string> = { release: 'Release', pre_release: 'Pre-release' };
export const DEFAULT_STATE_LABELS: Record<DefaultState | 'varies_by_channel', string> = {
  on: 'on by default',
  off: 'off by default',
  varies_by_channel: 'varies by channel',
};

export const RISK_LABELS: Record<Risk, string> = { low: 'Low', medium: 'Medium', high: 'High' };
export const SIGN_OFF_DECISION_LABELS: Record<SignOffDecision, string> = {
  approved: 'Approved',
  changes_requested: 'Changes requested',
  rejected: 'Rejected',
};

export const MITIGATION_STATE_LABELS: Record<MitigationState, string> = {
  requested: 'Requested',
  proposed: 'Proposed',
  implemented: 'Implemented',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};
/** A mitigation's kind in a table cell or a choice (MITIGATION_KIND_LABELS says it in a sentence). */
export const MITIGATION_KIND_LABELS_SHORT: Record<MitigationKind, string> = {
  ux_notice: 'UX notice',
  technical_control: 'Technical control',
  risk_assessment: 'Risk assessment',
  other: 'Other',
};
/** A mitigation's move as a verb ("accept"). */
export const MITIGATION_MOVE_WORDS: Record<MitigationMove, string> = {
  request: 'request',
  propose: 'propose',
  implement: 'implement',
  accept: 'accept',
  reject: 'reject',
  revise: 'revise',
  withdraw: 'withdraw',
};
/** A mitigation's move after "be": "cannot be accepted". */
export const MITIGATION_MOVE_DONE: Record<MitigationMove, string> = {
  request: 'requested',
  propose: 'proposed',
  implement: 'implemented',
  accept: 'accepted',
  reject: 'rejected',
  revise: 'revised',
  withdraw: 'withdrawn',
};

export const DISCUSSION_STATE_LABELS: Record<DiscussionState, string> = {
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
};
/** A discussion's move after "be": "cannot be cancelled". */
export const DISCUSSION_MOVE_WORDS: Record<DiscussionMove, string> = {
  schedule: 'scheduled',
  hold: 'recorded as held',
  cancel: 'cancelled',
};

export const ESCALATION_STATE_LABELS: Record<EscalationState, string> = { open: 'Open', decided: 'Decided' };
export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  product_owner: 'Product owner',
  cpo: 'CPO',
  ceo: 'CEO',
};
export const ESCALATION_DECISION_LABELS: Record<EscalationDecision, string> = {
  proceed: 'Proceed',
  proceed_with_mitigations: 'Proceed with mitigations',
  do_not_ship: 'Do not ship',
};

export const RENEWAL_STATE_LABELS: Record<RenewalState, string> = {
  requested: 'Waiting for a data steward',
  approved: 'Renewed',
  rejected: 'Refused',
  withdrawn: 'Withdrawn',
};

/** A renewal request's state inside a sentence: "this renewal request is approved". */
export const RENEWAL_STATE_WORDS: Record<RenewalState, string> = {
  requested: 'waiting for a data steward',
  approved: 'approved',
  rejected: 'refused',
  withdrawn: 'withdrawn',
};

export const SURVEY_ITEM_STATE_LABELS: Record<SurveyItemState, string> = {
  open: 'Waiting for an answer',
  answered: 'Answered',
  overdue: 'Overdue',
};

export const ANNOUNCEMENT_METHOD_LABELS: Record<AnnouncementMethod, string> = {
  outbox: 'Sent by the tracker',
  manual: 'Sent by hand',
};

/** Glean's data_sensitivity values, as its documentation names them. */
export const DATA_SENSITIVITY_LABELS: Record<DataSensitivity, string> = {
  technical: 'Technical data',
  interaction: 'Interaction data',
  stored_content: 'Stored content',
  web_activity: 'Web activity',
  highly_sensitive: 'Highly sensitive data',
};

/** A review's outside references by kind ("bug 1234567"). */
export const EXTERNAL_REF_KINDS = ['bug', 'code_review', 'other'] as const;
export type ExternalRefKind = (typeof EXTERNAL_REF_KINDS)[number];
export const EXTERNAL_REF_LABELS: Record<ExternalRefKind, string> = {
  bug: 'bug',
  code_review: 'code review',
  other: 'reference',
};

/** What happened, in words (the audit's event names are for tools, not people). */
export const EVENT_WORDS: Record<string, string> = {
  'review.created': 'created the review',
  'review.submitted': 'submitted the request to a data steward',
  'review.resubmitted': 'resubmitted the request',
  'review.withdrawn': 'withdrew the review',
  'review.shipped': 'marked the collection as shipped',
  'review.made_public': 'made the review public',
  'review.made_private': 'made the review private',
  'documentation.revised': 'revised the documentation',
  'steward_review.recorded': 'recorded the data steward’s review',
  'steward.recategorised': 're-categorised the review',
  'legal_trust.answered': 'answered the data steward’s question to Trust and Legal',
  'review.steward_requested': 'asked for a data steward by name',
  'sign_off.recorded': 'recorded a sign-off',
  'sign_off.reconfirmed': 're-confirmed a sign-off',
  'reviewer.added': 'involved a reviewer',
  'comment.added': 'commented',
  'announcement.queued': 'sent the announcement to the mailing list',
  'announcement.recorded': 'recorded the announcement sent by hand',
  'discussion.scheduled': 'scheduled a live discussion',
  'discussion.held': 'recorded a live discussion as held',
  'discussion.cancelled': 'cancelled a live discussion',
  'escalation.opened': 'opened an escalation',
  'escalation.paper_written': 'wrote a position paper',
  'escalation.papers_shared': 'shared the position papers',
  'escalation.commented': 'commented on the escalation',
  'escalation.meeting_scheduled': 'scheduled an escalation meeting',
  'escalation.meeting_held': 'recorded an escalation meeting as held',
  'escalation.raised': 'raised the escalation a level',
  'escalation.decided': 'decided the escalation',
  'mitigation.superseded': 'replaced a mitigation',
  'renewal.requested': 'requested a renewal',
  'renewal.reviewed': 'reviewed the renewal',
  'renewal.withdrawn': 'withdrew the renewal',
  'glean.imported': 'imported Glean metrics',
  'classification.linked': 'linked a code revision',
  'reminder.sent': 'sent a reminder',
  'reminder.steward_review_sent': 'reminded the data stewards',
  'classification.assessed': 'assessed the data classification of a code revision',
  'classification.high': 'found a code revision with highly sensitive data',
  'survey.item_created': 'asked the annual survey’s question',
  'survey.item_reassigned': 'handed the annual survey’s question to someone else',
  'survey.answered': 'answered the annual survey',
  'survey.flagged_for_removal': 'flagged the collection for removal in the annual survey',
  'mail.retry_requested': 'asked to retry the mail',
};

/** An event name as words: from the table; a mitigation's move ("mitigation.accepted" → "accepted a mitigation"). */
export function eventWords(action: string): string {
  const known = EVENT_WORDS[action];
  if (known) return known;
  const move = /^mitigation\.([a-z_]+)$/.exec(action)?.[1];
  if (move) return `${move.replace(/_/g, ' ')} a mitigation`;
  const [thing, what] = action.split('.');
  return what ? `${what.replace(/_/g, ' ')} (${thing?.replace(/_/g, ' ')})` : action.replace(/[._]+/g, ' ');
}

/** Who acted, by name: never an email address or an id; the system and tokens in words. */
export function actorWords(actor: string, actorName: string | null | undefined): string {
  if (actorName) return actorName;
  if (actor.startsWith('system')) return 'The sign-off tracker';
  if (actor.startsWith('token:')) return 'An automated client';
  return 'Someone';
}

const MEASUREMENT_FIELD_WORDS: Record<string, string> = {
  name: 'name',
  description: 'description',
  category: 'category',
  trackingBug: 'tracking bug',
};

/**
 * What is missing from a request form, in words, from the paths `missingForSubmission` answers
 * (`measurements[0].trackingBug` → "the tracking bug of measurement 1"); a question asked in parts is named once.
 */
export function missingFormWords(paths: readonly string[]): string[] {
  const words = paths.map((path) => {
    const row = /^measurements\[(\d+)\]\.(\w+)$/.exec(path);
    if (row)
      return `the ${MEASUREMENT_FIELD_WORDS[row[2] ?? ''] ?? 'answer'} of measurement ${Number(row[1]) + 1}`;
    if (path === 'measurements') return 'question 5 (at least one measurement)';
    if (path === 'collectionPeriod.monitoredBy') return 'question 7 (who monitors a permanent collection)';
    const q = REQUEST_FORM_QUESTIONS.find((x) => x.field === path.split('.')[0]);
    if (!q) return 'a question of the request form';
    if (q.number !== null) return `question ${q.number}`;
    const text = q.question.replace(/[.?]$/, '');
    return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  });
  return [...new Set(words)];
}

/** A request question in a few words: its number in request.md and its first sentence ("Question 3: …"). */
export function requestQuestionShort(field: string): string {
  const q = REQUEST_FORM_QUESTIONS.find((x) => x.field === field);
  if (!q) return 'A question of the request form';
  const first = /^[^?.]*[?.]/.exec(q.question)?.[0] ?? q.question;
  return q.number === null ? first : `Question ${q.number}: ${first}`;
}
