import { AREA_LABELS, type Area } from './areas.ts';
import { CATEGORY_LABELS, type Category } from './categories.ts';
import type { Channel, DefaultState } from './channels.ts';
import { notificationKindOf } from './notification-preferences.ts';
import { type DraftRequestForm, populationsText, thirdPartyToolText } from './request-form.ts';

export interface ComposedMail {
  to: string[];
  subject: string;
  text: string;
}

export interface AnnouncedReview {
  key: string;
  title: string;
  productName: string;
  category: Category;
  channels: readonly { channel: Channel; defaultState: DefaultState }[];
  runsInExperiments: boolean;
  form: DraftRequestForm;
  /** Where the review can be read. */
  link: string;
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();
const section = (title: string, body: string | undefined) =>
  body?.trim() ? `${title}\n${body.trim()}\n` : '';

/**
 * The mailing-list announcement of a sensitive collection ("send an email to the data-review@mozilla.com
 * mailing list"), composed from its documentation: what, why, how, and the value to users.
 */
export function composeAnnouncement(review: AnnouncedReview, listAddress: string): ComposedMail {
  const f = review.form;
  const channels = review.channels
    .map((c) => `${c.channel === 'release' ? 'release' : 'pre-release'} (default ${c.defaultState})`)
    .join(', ');
  const measurements = (f.measurements ?? [])
    .map((m) => `- ${m.name ?? '(unnamed)'} (category ${m.category ?? '?'}): ${m.description ?? ''}`)
    .join('\n');
  const text = [
    `${review.key}: ${review.title}`,
    `Product: ${review.productName}`,
    `Category ${review.category}: ${CATEGORY_LABELS[review.category]}`,
    `Channels: ${channels}${review.runsInExperiments ? '; also in experiments' : ''}`,
    '',
    section('What questions will this data answer?', f.questionsAnswered),
    section('Why does Mozilla need it?', f.whyMozillaNeedsIt),
    section('Measurements', measurements),
    section('Implementation details', f.implementationDetails),
    section('Intended use', f.intendedUse),
    section('Value to users', f.valueToUsers),
    section('Populations measured', populationsText(f)),
    section('How users turn it off', f.turnOffMechanism),
    section('Third-party tool', thirdPartyToolText(f)),
    `Read and discuss the full review: ${review.link}`,
    '',
  ].join('\n');
  return {
    to: [listAddress],
    subject: oneLine(`[data-review] ${review.key}: ${review.title} (category ${review.category})`).slice(
      0,
      900,
    ),
    text,
  };
}

/** The notifications the product sends, by what happened (SPEC 8: "the same outbox carries notifications"). */
export type NotificationEvent =
  /** `waitsFor`: the areas whose sign-offs come before this recipient's (SPEC 5 ordering). */
  | { kind: 'sensitive_review_started'; waitsFor?: readonly Area[] }
  /** The sign-offs an area waited for approved the current revision: its turn has come. */
  | { kind: 'sign_off_turn'; area: Area; reconfirm: boolean }
  | { kind: 'sign_off_stale'; area: Area; revision: number }
  | { kind: 'mitigation_awaits_acceptance'; area: Area; mitigationId: number }
  | { kind: 'area_decision'; area: Area; decision: string }
  | { kind: 'mitigation_requested'; area: Area; mitigationId: number }
  | { kind: 'escalation_step'; escalationId: number; step: string }
  | { kind: 'sign_off_reminder'; area: Area; days: number }
  /** An open step other than a sign-off waited past the reminder delay: `step` is what its owner does, in words. */
  | { kind: 'step_reminder'; step: string; days: number }
  /** `legalTrustAnswered`: the renewal waited for Trust and Legal's answer, and now for a data steward again. */
  | { kind: 'renewal_requested'; renewalId: number; newExpires: string; legalTrustAnswered?: boolean }
  /** `renewal`: the steward's question is about a renewal of the collection (its requested period, the question). */
  | {
      kind: 'legal_trust_question';
      reasons: string[];
      renewal?: { renewalId: number; newExpires: string; question: string };
    }
  | { kind: 'steward_requested' }
  | { kind: 'steward_review_reminder'; workingDays: number; requestedSteward: string | null };

export function composeNotification(
  review: { key: string; title: string; link: string },
  event: NotificationEvent,
): { subject: string; text: string } {
  const about = `${review.key} ${oneLine(review.title)}`;
  const lines = (() => {
    switch (event.kind) {
      case 'sensitive_review_started':
        return [
          `${about} entered the sensitive data collection review.`,
          event.waitsFor?.length
            ? `Your area's sign-off comes after the ${event.waitsFor.map((a) => AREA_LABELS[a]).join(' and ')} sign-offs; you will be told when it is your turn.`
            : 'Your area is asked for its risk judgement and sign-off.',
        ];
      case 'sign_off_turn':
        return [
          `${about} now waits for the ${AREA_LABELS[event.area]} sign-off: the sign-offs it waited for approved its current revision.`,
          event.reconfirm
            ? "Re-confirm your area's sign-off on the current revision, or record a new decision."
            : "Record your area's risk judgement and sign-off.",
        ];
      case 'sign_off_stale':
        return [
          `The documentation of ${about} changed (revision ${event.revision}).`,
          `The ${AREA_LABELS[event.area]} sign-off is stale: re-confirm it or record a new decision.`,
        ];
      case 'mitigation_awaits_acceptance':
        return [`A ${AREA_LABELS[event.area]} mitigation on ${about} is implemented and awaits acceptance.`];
      case 'area_decision':
        return [
          `${AREA_LABELS[event.area]} recorded its decision on ${about}: ${event.decision.replace('_', ' ')}.`,
        ];
      case 'mitigation_requested':
        return [`${AREA_LABELS[event.area]} requested a mitigation on ${about}.`];
      case 'escalation_step':
        return [`The escalation on ${about}: ${event.step}.`];
      case 'sign_off_reminder':
        return [
          `The ${AREA_LABELS[event.area]} sign-off on ${about} has been pending for more than ${event.days} days.`,
        ];
      case 'step_reminder':
        return [
          `${about} has waited more than ${event.days} days for you: ${oneLine(event.step)}.`,
          'It is an open step of the review, and you are one of the people who may take it.',
        ];
      case 'renewal_requested':
        return event.legalTrustAnswered
          ? [
              `${about}: Trust and Legal answered the data steward's question on the renewal request (collect until ${oneLine(event.newExpires)}).`,
              'A data steward reviews the renewal now.',
            ]
          : [
              `${about} has a renewal request: collect until ${oneLine(event.newExpires)}.`,
              'A data steward reviews it before the collection may ship again.',
            ];
      case 'legal_trust_question':
        if (event.renewal)
          return [
            `A data steward asked Trust and Legal about the renewal request of ${about} (collect until ${oneLine(event.renewal.newExpires)}); it waits for your answer.`,
            `The question: ${oneLine(event.renewal.question)}`,
          ];
        return [
          `A data steward escalated ${about} to Trust and Legal; it waits for your answer.`,
          ...event.reasons.map((r) => `- ${r}`),
        ];
      case 'steward_requested':
        return [
          `${about} was submitted for data review (data-review?) and you are the requested data steward.`,
          'Any data steward may take it.',
        ];
      case 'steward_review_reminder':
        return [
          `${about} has waited ${event.workingDays} working days for a data steward's review and no steward has acted yet.`,
          event.requestedSteward
            ? `The requested steward is ${oneLine(event.requestedSteward)}; any data steward may take it.`
            : 'No steward was requested; any data steward may take it.',
        ];
    }
  })();
  const first = lines[0] ?? event.kind;
  // A line that begins with the review reads "DR-42 Title: what happened"; any other is kept whole, so the
  // review's name is never cut out of the middle of a sentence.
  const subject = first.startsWith(`${about} `)
    ? `${about}: ${first.slice(about.length + 1)}`
    : `${review.key}: ${first}`;
  return {
    subject: oneLine(`[sign-off] ${subject}`).slice(0, 200),
    text: `${lines.join('\n')}\n\n${review.link}\n\n${
      notificationKindOf(event) === null
        ? 'This mail is always sent: it is about work waiting for you.'
        : 'You can turn this kind of mail off in your notification preferences.'
    }\n`,
  };
}

/** Announcements and reminders of one's own pending work are essential; the rest can be turned off (per kind). */
export const isEssentialNotification = (event: NotificationEvent): boolean =>
  notificationKindOf(event) === null;
