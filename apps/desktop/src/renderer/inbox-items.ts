import type { InboxView } from './api.ts';
import { AREA_LABELS } from './vocabulary.ts';

/**
 * One open step of a review that is mine, as `inbox.mine` lists it under `now` (I can act) and `coming`
 * (mine once the steps in `waitsOn` are done): issue 13's shape, built from core's openSteps.
 */
export interface InboxStep {
  reviewId: number;
  key: string;
  title: string;
  productName: string | null;
  step: string;
  action: string;
  /** What to do, in plain words. */
  label: string;
  /** What it waits on, in plain words (empty for `now`). */
  waitsOn: string[];
  waitingSince: string;
  overdue: boolean;
  /** On a steward's review: the data steward the proposer requested by name (any steward may take it). */
  requestedSteward?: { id: number; name: string } | null;
}

type WithSteps = InboxView & {
  now?: InboxStep[];
  coming?: InboxStep[];
  counts?: { now: number; coming: number };
};

const SIGN_OFF_TASK: Record<InboxView['signOffs'][number]['state'], (area: string) => string> = {
  missing: (a) => `Record the ${a} sign-off`,
  stale: (a) => `Re-confirm the ${a} sign-off on the new revision`,
  changes_requested: (a) => `Look at the revision answering your ${a} change request`,
};
const ESCALATION_TASK: Record<InboxView['escalations'][number]['awaiting'], string> = {
  paper: 'Write your position paper for the escalation',
  comment: 'Comment on the shared position papers',
  decision: 'Decide the escalation',
};

/**
 * What waits for me now, and what is coming to me once others act. From issue 13's `now`/`coming` when
 * the server sends them; otherwise from the older per-kind lists (a sign-off that waits on other areas'
 * approvals is coming, everything else is now).
 */
export function inboxSteps(inbox: InboxView): { now: InboxStep[]; coming: InboxStep[] } {
  const d = inbox as WithSteps;
  if (d.now && d.coming) return { now: d.now, coming: d.coming };
  const now: InboxStep[] = [];
  const coming: InboxStep[] = [];
  const base = (r: {
    reviewId: number;
    key: string;
    title: string;
    waitingSince: string;
    overdue: boolean;
  }) => ({
    reviewId: r.reviewId,
    key: r.key,
    title: r.title,
    waitingSince: r.waitingSince,
    overdue: r.overdue,
  });
  for (const s of inbox.signOffs) {
    const step: InboxStep = {
      ...base(s),
      productName: s.productName,
      step: 'sign_off',
      action: s.state === 'stale' ? 'signOff.reconfirm' : 'signOff.record',
      label: `${SIGN_OFF_TASK[s.state](AREA_LABELS[s.area])} (revision ${s.currentRevision})`,
      waitsOn: s.waitsFor.map((a) => `the ${AREA_LABELS[a]} approval`),
    };
    (step.waitsOn.length ? coming : now).push(step);
  }
  for (const m of inbox.mitigations)
    now.push({
      ...base(m),
      productName: null,
      step: 'mitigation',
      action: 'mitigation.judge',
      label: `Accept or reject a ${AREA_LABELS[m.area]} mitigation: ${m.description}`,
      waitsOn: [],
    });
  for (const e of inbox.escalations)
    now.push({
      ...base(e),
      productName: null,
      step: 'escalation',
      action: `escalation.${e.awaiting}`,
      label: `${ESCALATION_TASK[e.awaiting]}: ${e.question}`,
      waitsOn: [],
    });
  for (const r of inbox.stewardQueue)
    now.push({
      ...base(r),
      productName: r.productName,
      step: 'steward_review',
      action: 'steward.recordReview',
      label: 'Review the request as a data steward',
      waitsOn: [],
    });
  return { now, coming };
}

/** The number the Inbox link shows: what waits for me now. */
export function inboxCount(inbox: InboxView): number {
  const d = inbox as WithSteps;
  return d.counts?.now ?? inboxSteps(inbox).now.length;
}

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
