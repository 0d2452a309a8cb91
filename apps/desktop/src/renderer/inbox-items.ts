import type { InboxView } from './api.ts';
import { AREA_LABELS } from './vocabulary.ts';

/** One thing waiting for me, as a native notification would announce it. */
export interface InboxItem {
  /** Stable while the item waits (a new revision or a new step makes a new item). */
  id: string;
  title: string;
  body: string;
  /** The app path that shows it. */
  path: string;
}

const SIGN_OFF_STATE: Record<InboxView['signOffs'][number]['state'], string> = {
  missing: 'waits for your sign-off',
  stale: 'changed: re-confirm your sign-off',
  changes_requested: 'changes requested',
};
const ESCALATION_STEP: Record<InboxView['escalations'][number]['awaiting'], string> = {
  paper: 'your position paper',
  comment: 'your comment',
  decision: 'your decision',
};

/** Everything in the inbox that asks me to act (my own reviews' blockers are not notified). */
export function inboxItems(inbox: InboxView): InboxItem[] {
  return [
    ...inbox.signOffs.map((s) => ({
      id: `sign-off:${s.reviewId}:${s.area}:${s.state}:${s.currentRevision}`,
      title: `${s.key}: ${AREA_LABELS[s.area]} ${SIGN_OFF_STATE[s.state]}`,
      body: s.title,
      path: `/reviews/${s.key}`,
    })),
    ...inbox.mitigations.map((m) => ({
      id: `mitigation:${m.mitigationId}:${m.implementedRevision ?? 0}`,
      title: `${m.key}: a mitigation awaits your acceptance`,
      body: m.description,
      path: `/reviews/${m.key}`,
    })),
    ...inbox.escalations.map((e) => ({
      id: `escalation:${e.escalationId}:${e.awaiting}:${e.level}`,
      title: `${e.key}: escalation awaits ${ESCALATION_STEP[e.awaiting]}`,
      body: e.question,
      path: `/reviews/${e.key}`,
    })),
    ...inbox.stewardQueue.map((r) => ({
      id: `steward:${r.reviewId}:${r.waitingSince}`,
      title: `${r.key}: waiting for a data steward`,
      body: r.title,
      path: `/reviews/${r.key}`,
    })),
  ];
}

/**
 * The items not seen before. The first inbox after signing in only sets what is known: notifications
 * announce what arrives while the app is open, not the backlog.
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
