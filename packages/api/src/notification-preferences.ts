import { NOTIFICATION_KIND_KEYS, type NotificationKind } from '@signoff/core';
import type { Db } from '@signoff/db';
import { sql } from 'kysely';

/**
 * Notification preferences per kind of mail (issue 14), for the mail senders: the one check every sender
 * makes before queueing mail to a person (core `wantsNotification`, here as SQL over `people`).
 */

/**
 * A condition on `people`: the person wants mail of `kind` (null: essential mail, always). Use it in any
 * query of recipients: `.where(wantsMail(notificationKindOf(event)))`.
 */
export const wantsMail = (kind: NotificationKind | null) =>
  kind === null ? sql<boolean>`true` : sql<boolean>`NOT (${kind} = ANY(muted_notifications))`;

/** Of the active people `ids`, the email of each who wants mail of `kind`, by id. */
export async function recipientsWanting(
  db: Db,
  ids: readonly number[],
  kind: NotificationKind | null,
): Promise<{ id: number; email: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('id', 'in', [...ids])
    .where('active', '=', true)
    .where(wantsMail(kind))
    .orderBy('id')
    .execute();
}

/** Turns kinds of mail on or off for one person; `notifications` stays true while some kind is on. */
export async function setMutedKinds(
  trx: Db,
  personId: number,
  change: Partial<Record<NotificationKind, boolean>>,
): Promise<NotificationKind[]> {
  const row = await trx
    .selectFrom('people')
    .select('muted_notifications')
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const muted = new Set(row.muted_notifications);
  for (const [kind, on] of Object.entries(change) as [NotificationKind, boolean | undefined][]) {
    if (on === true) muted.delete(kind);
    if (on === false) muted.add(kind);
  }
  const next = NOTIFICATION_KIND_KEYS.filter((k) => muted.has(k));
  await trx
    .updateTable('people')
    .set({ muted_notifications: next, notifications: next.length < NOTIFICATION_KIND_KEYS.length })
    .where('id', '=', personId)
    .execute();
  return next;
}
