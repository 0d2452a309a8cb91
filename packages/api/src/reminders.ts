import { AREAS, type Area } from '@signoff/core';
import { sql } from 'kysely';
import type { Context } from './context.ts';
import { facilitatorsOf, notify } from './notify.ts';
import { write } from './write.ts';

const DAY_MS = 86_400_000;

/**
 * Reminds the facilitators of every sign-off pending longer than `settings.reminderDays`, at most once
 * per sign-off per period. A sign-off is pending from when the review entered the sensitive review, or
 * from its current revision when that is newer (a stale sign-off waits for re-confirmation).
 * Returns how many reminders were queued. Safe to run from several servers at once.
 */
export async function sendSignOffReminders(ctx: Context): Promise<number> {
  const days = ctx.settings.reminderDays;
  const now = ctx.now();
  const pending = await sql<{ id: number; area: Area; pending_since: Date }>`
    SELECT r.id, t.area, greatest(r.sensitive_review_at, v.created_at) AS pending_since
    FROM reviews r
    JOIN revisions v ON v.review_id = r.id AND v.number = r.current_revision
    CROSS JOIN unnest(${sql.val([...AREAS])}::text[]) AS t(area)
    WHERE r.status = 'sensitive_review' AND r.sensitive_review_at IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM (SELECT DISTINCT ON (area) * FROM sign_offs s WHERE s.review_id = r.id AND s.area = t.area ORDER BY area, id DESC) s
        WHERE s.revision = r.current_revision AND s.decision = 'approved')
      AND greatest(r.sensitive_review_at, v.created_at) <= ${new Date(now.getTime() - days * DAY_MS)}
    ORDER BY r.id, t.area`.execute(ctx.db);
  let queued = 0;
  for (const p of pending.rows) {
    const periods = Math.floor((now.getTime() - p.pending_since.getTime()) / (days * DAY_MS));
    const periodStart = new Date(p.pending_since.getTime() + periods * days * DAY_MS);
    const sent = await write(ctx, async (trx, audit) => {
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
      await notify(trx, ctx, review, await facilitatorsOf(trx, [p.area]), {
        kind: 'sign_off_reminder',
        area: p.area,
        days: periods * days,
      });
      await audit({
        action: 'reminder.sent',
        reviewId: p.id,
        subject: `${review.key}:${p.area}`,
        after: { periodStart: periodStart.toISOString() },
      });
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}
