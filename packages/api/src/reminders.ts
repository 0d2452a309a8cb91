import {
  AREAS,
  type Area,
  type OpenStep,
  PREREQUISITE_AREAS,
  reminderPeriod,
  type StepAction,
  stepLabel,
} from '@signoff/core';
import { type Db, loadReviewFacts } from '@signoff/db';
import { sql } from 'kysely';
import type { Context } from './context.ts';
import { notify, signOffOwners, stepsOfReview } from './notify.ts';
import { write } from './write.ts';

const DAY_MS = 86_400_000;

/** The review a reminder is about, read in its transaction once the reminder is claimed. */
const reviewRow = (trx: Db, id: number) =>
  trx.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/**
 * Reminds the owners of every sign-off step (core's openSteps: the area's facilitators who may judge it, never
 * one on the proposer's side) that can be taken now and has waited longer than `settings.reminderDays`, at most
 * once per sign-off per period. A sign-off waits from when the review entered the sensitive review, or from its
 * current revision when that is newer (a stale sign-off waits for re-confirmation), and Legal/Trust's and
 * Security's from when Privacy/Technical and Data approved the current revision (SPEC 5: not before their
 * turn). A step that waits on another step is not reminded. Returns how many reminders were queued. Safe to
 * run from several servers at once.
 */
export async function sendSignOffReminders(ctx: Context): Promise<number> {
  const days = ctx.settings.reminderDays;
  const now = ctx.now();
  const prerequisites = sql.val([...PREREQUISITE_AREAS]);
  const pending = await sql<{ id: number; area: Area; pending_since: Date }>`
    SELECT id, area, pending_since FROM (
      SELECT r.id, t.area, greatest(r.sensitive_review_at, v.created_at,
        CASE WHEN NOT t.area = ANY(${prerequisites}::text[]) THEN (
          SELECT max(s.created_at) FROM sign_offs s
          WHERE s.review_id = r.id AND s.revision = r.current_revision AND s.area = ANY(${prerequisites}::text[])
        ) END) AS pending_since
      FROM reviews r
      JOIN revisions v ON v.review_id = r.id AND v.number = r.current_revision
      CROSS JOIN unnest(${sql.val([...AREAS])}::text[]) AS t(area)
      WHERE r.status = 'sensitive_review' AND r.sensitive_review_at IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM (SELECT DISTINCT ON (area) * FROM sign_offs s WHERE s.review_id = r.id AND s.area = t.area ORDER BY area, id DESC) s
          WHERE s.revision = r.current_revision AND s.decision = 'approved')
    ) p
    WHERE pending_since <= ${new Date(now.getTime() - days * DAY_MS)}
    ORDER BY id, area`.execute(ctx.db);
  let queued = 0;
  for (const p of pending.rows) {
    const period = reminderPeriod(p.pending_since, now, days);
    if (!period) continue;
    const { periodStart } = period;
    const sent = await write(ctx, async (trx, audit) => {
      // Core decides whose step it is and whether it can be taken now.
      const step = (await stepsOfReview(trx, ctx, p.id)).filter(
        (s) =>
          s.ready &&
          s.area === p.area &&
          (s.action === 'record_sign_off' || s.action === 'reconfirm_sign_off'),
      );
      const owners = signOffOwners(step, p.area);
      if (owners.length === 0) return false;
      const claimed = await trx
        .insertInto('sign_off_reminders')
        .values({ review_id: p.id, area: p.area, period_start: periodStart })
        .onConflict((oc) => oc.doNothing())
        .returning('review_id')
        .executeTakeFirst();
      if (!claimed) return false;
      const review = await reviewRow(trx, p.id);
      await notify(trx, ctx, review, owners, {
        kind: 'sign_off_reminder',
        area: p.area,
        days: period.waitedDays,
      });
      await audit({
        action: 'reminder.sent',
        reviewId: p.id,
        subject: `${review.key}:${p.area}`,
        after: { periodStart: periodStart.toISOString(), to: owners },
      });
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}

/**
 * When each open step other than a sign-off became ready, from the facts (issue 13: reminders go to the owners of
 * the open steps). A mitigation's step is ready from its last move (requested, proposed, implemented, rejected),
 * the question to Trust and Legal from when the steward asked it, writing a position paper from the escalation's
 * opening, sharing the papers from the first paper, commenting and the decision from when the papers were shared,
 * the announcement from the start of the sensitive review, a renewal's question to Trust and Legal from when the
 * steward asked it and the renewal's review from its request (or from Trust and Legal's answer, when they were
 * asked). Sign-offs have their own reminder (above), the
 * steward's review its own (steward-reminders.ts); the other steps are the proposer's own pace (revising,
 * marking shipped) or have no owner to remind.
 */
const READY_SINCE = sql<{
  review_id: number;
  action: StepAction;
  mitigation_id: number | null;
  escalation_id: number | null;
  renewal_id: number | null;
  since: Date;
}>`
  SELECT m.review_id, a.action, m.id AS mitigation_id, NULL::bigint AS escalation_id, NULL::bigint AS renewal_id,
    m.updated_at AS since
  FROM mitigations m
  CROSS JOIN LATERAL (VALUES ('propose_mitigation'), ('implement_mitigation'), ('judge_mitigation'),
    ('revise_mitigation')) AS a(action)
  WHERE m.state NOT IN ('accepted', 'withdrawn')
  UNION ALL
  SELECT q.review_id, 'answer_legal_trust', NULL, NULL, NULL, q.created_at FROM legal_trust_questions q
  WHERE q.state = 'open'
  UNION ALL
  SELECT e.review_id, 'write_position_paper', NULL, e.id, NULL, e.created_at FROM escalations e
  WHERE e.state = 'open' AND e.papers_shared_at IS NULL
  UNION ALL
  SELECT e.review_id, 'share_position_papers', NULL, e.id, NULL, p.first FROM escalations e
  JOIN LATERAL (SELECT min(created_at) AS first FROM position_papers WHERE escalation_id = e.id) p ON p.first IS NOT NULL
  WHERE e.state = 'open' AND e.papers_shared_at IS NULL
  UNION ALL
  SELECT e.review_id, a.action, NULL, e.id, NULL, e.papers_shared_at FROM escalations e
  CROSS JOIN (VALUES ('comment_on_escalation'), ('decide_escalation')) AS a(action)
  WHERE e.state = 'open' AND e.papers_shared_at IS NOT NULL
  UNION ALL
  SELECT r.id, 'announce', NULL, NULL, NULL, r.sensitive_review_at FROM reviews r
  WHERE r.status = 'sensitive_review' AND r.sensitive_review_at IS NOT NULL
  UNION ALL
  SELECT n.review_id, 'answer_renewal_legal_trust', NULL, NULL, n.id, n.legal_trust_asked_at FROM renewals n
  WHERE n.state = 'requested' AND n.legal_trust_question IS NOT NULL AND n.legal_trust_answer IS NULL
  UNION ALL
  SELECT n.review_id, 'review_renewal', NULL, NULL, n.id, coalesce(n.legal_trust_answered_at, n.created_at)
  FROM renewals n
  WHERE n.state = 'requested' AND (n.legal_trust_question IS NULL OR n.legal_trust_answer IS NOT NULL)`;

/** A renewal's steps come after shipping too (SPEC 12); the other reminded steps end when the review ships. */
const AFTER_SHIPPING: readonly StepAction[] = ['answer_renewal_legal_trust', 'review_renewal'];

const stepKey = (s: {
  action: string;
  mitigationId?: number | null;
  escalationId?: number | null;
  renewalId?: number | null;
}) =>
  `${s.action}:${s.mitigationId ?? ''}:${s.escalationId ?? ''}${s.renewalId == null ? '' : `:${s.renewalId}`}`;

/**
 * Reminds the named owners of every other open step (core's openSteps: the proposer's side for a requested
 * mitigation, Legal/Trust's facilitators for the steward's question, the decision makers of the current level
 * for a decision, the parties for position papers) that can be taken now and has waited longer than
 * `settings.reminderDays` since it became ready (READY_SINCE), once per step per period (the same waiting-time
 * rule as the sign-offs', core's reminderPeriod), audited. Reminders are always sent (core
 * notification-preferences). Returns how many steps were reminded. Safe to run from several servers at once.
 */
export async function sendStepReminders(ctx: Context): Promise<number> {
  const days = ctx.settings.reminderDays;
  const now = ctx.now();
  const candidates = await sql<{
    review_id: number;
    action: StepAction;
    mitigation_id: number | null;
    escalation_id: number | null;
    renewal_id: number | null;
    since: Date;
  }>`SELECT c.* FROM (${READY_SINCE}) c JOIN reviews r ON r.id = c.review_id
     WHERE r.status <> 'withdrawn'
       AND (r.status <> 'shipped' OR c.action = ANY(${sql.val([...AFTER_SHIPPING])}::text[]))
       AND c.since <= ${new Date(now.getTime() - days * DAY_MS)}
     ORDER BY c.review_id, c.action, c.mitigation_id, c.escalation_id, c.renewal_id`.execute(ctx.db);
  let queued = 0;
  for (const c of candidates.rows) {
    const period = reminderPeriod(c.since, now, days);
    if (!period) continue;
    const key = stepKey({
      action: c.action,
      mitigationId: c.mitigation_id,
      escalationId: c.escalation_id,
      renewalId: c.renewal_id === null ? null : Number(c.renewal_id),
    });
    const sent = await write(ctx, async (trx, audit) => {
      // Core decides whether the step is open, can be taken now, and whose it is.
      const step: OpenStep | undefined = (await stepsOfReview(trx, ctx, c.review_id)).find(
        (s) => s.ready && stepKey(s) === key,
      );
      const owners = step?.owner.personIds ?? [];
      if (!step || owners.length === 0) return false;
      const claimed = await trx
        .insertInto('step_reminders')
        .values({ review_id: c.review_id, step: key, period_start: period.periodStart })
        .onConflict((oc) => oc.doNothing())
        .returning('review_id')
        .executeTakeFirst();
      if (!claimed) return false;
      const review = await reviewRow(trx, c.review_id);
      // Named in the review's words: a mitigation by its kind, an escalation by its areas, a renewal by its period.
      const label = stepLabel(step, (await loadReviewFacts(trx, [review.id])).get(review.id));
      await notify(trx, ctx, review, owners, { kind: 'step_reminder', step: label, days: period.waitedDays });
      await audit({
        action: 'reminder.step_sent',
        reviewId: review.id,
        subject: `${review.key}:${key}`,
        after: {
          step: step.action,
          ...(step.mitigationId !== undefined ? { mitigationId: step.mitigationId } : {}),
          ...(step.escalationId !== undefined ? { escalationId: step.escalationId } : {}),
          ...(step.renewalId !== undefined ? { renewalId: step.renewalId } : {}),
          waitingSince: c.since.toISOString(),
          periodStart: period.periodStart.toISOString(),
          to: owners,
        },
      });
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}
