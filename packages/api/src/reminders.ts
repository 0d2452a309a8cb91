import { AREAS, type Area, PREREQUISITE_AREAS } from '@signoff/core';
import { sql } from 'kysely';
import type { Context } from './context.ts';
import { notify, signOffOwners, stepsOfReview } from './notify.ts';
import { write } from './write.ts';

const DAY_MS = 86_400_000;

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
    const periods = Math.floor((now.getTime() - p.pending_since.getTime()) / (days * DAY_MS));
    const periodStart = new Date(p.pending_since.getTime() + periods * days * DAY_MS);
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
      const review = await trx
        .selectFrom('reviews')
        .selectAll()
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow();
      await notify(trx, ctx, review, owners, {
        kind: 'sign_off_reminder',
        area: p.area,
        days: periods * days,
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
