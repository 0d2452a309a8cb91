import type { InboxView } from './api.ts';

/**
 * One open step of a review that is mine, as `inbox.mine` lists it under `now` (blocked on me now) and
 * `coming` (mine once the steps in `waitsOn` are done): built by the server from core's openSteps.
 */
export type InboxStep = InboxView['now'][number];

/** The app path where a step is taken: a renewal's steps on the review's renewal page, the rest on the review's. */
export const stepPath = (s: Pick<InboxStep, 'key' | 'step'>): string =>
  s.step === 'review_renewal' || s.step === 'answer_renewal_legal_trust'
    ? `/reviews/${s.key}/renewal`
    : `/reviews/${s.key}`;

/** What is blocked on me now, and what is coming to me once others act: the server's `now` and `coming`. */
export function inboxSteps(inbox: InboxView): { now: InboxStep[]; coming: InboxStep[] } {
  return { now: inbox.now, coming: inbox.coming };
}

/** The number the Inbox link shows: what is blocked on me now. */
export function inboxCount(inbox: InboxView): number {
  return inbox.counts.now;
}

/** One thing blocked on me now, as a native notification announces it. */
export interface InboxItem {
  /** Stable while the step stays open (a new revision to re-confirm makes a new item). */
  id: string;
  title: string;
  body: string;
  /** The app path that shows it. */
  path: string;
}

/**
 * The step's identity: the review, core's step and what it is on. A re-confirmation is asked again for each
 * new revision, so its id carries since when it waits (the revision's time); the other steps keep one id
 * while they stay open, whatever else changes on the review.
 */
const stepId = (s: InboxStep): string =>
  [
    s.reviewId,
    s.step,
    s.area ?? '',
    s.mitigationId ?? '',
    s.escalationId ?? '',
    s.step === 'reconfirm_sign_off' ? s.waitingSince : '',
  ].join(':');

/** Only what is blocked on me now is announced; what is coming to me waits until it is mine to do. */
export function inboxItems(inbox: InboxView): InboxItem[] {
  return inbox.now.map((s) => ({
    id: stepId(s),
    title: `${s.key} ${s.title}`,
    body: s.label,
    path: stepPath(s),
  }));
}

/**
 * The items not seen before. The first inbox after signing in only sets what is known: notifications
 * announce what arrives while the app is open, not the backlog. An item is announced once while it stays in
 * `now`; if it leaves and later comes back, it is blocked on me again and announced again.
 */
export function newInboxItems(
  known: Set<string> | null,
  inbox: InboxView,
): { fresh: InboxItem[]; known: Set<string> } {
  const items = inboxItems(inbox);
  const ids = new Set(items.map((i) => i.id));
  if (known === null) return { fresh: [], known: ids };
  return { fresh: items.filter((i) => !known.has(i.id)), known: ids };
}

/** At most this many separate notifications at once; more become one summary. */
export const MAX_NOTIFICATIONS = 3;

export function notificationsFor(fresh: InboxItem[]): InboxItem[] {
  if (fresh.length <= MAX_NOTIFICATIONS) return fresh;
  return [
    {
      id: 'summary',
      title: `${fresh.length} new items wait for you`,
      body: fresh
        .slice(0, MAX_NOTIFICATIONS)
        .map((i) => i.title)
        .join('\n'),
      path: '/',
    },
  ];
}
