import {
  type Area,
  composeNotification,
  isEssentialNotification,
  type NotificationEvent,
} from '@signoff/core';
import { type Db, enqueueMail, type ReviewRow } from '@signoff/db';
import type { Context } from './context.ts';

export const reviewLink = (ctx: Pick<Context, 'settings'>, key: string) =>
  `${ctx.settings.publicUrl.replace(/\/$/, '')}/reviews/${key}`;

/**
 * Queues a notification to each recipient in the caller's transaction (sent only if it commits).
 * The actor is not notified of their own action; people who turned notifications off get only essential ones.
 */
export async function notify(
  trx: Db,
  ctx: Context,
  review: ReviewRow,
  recipientIds: readonly number[],
  event: NotificationEvent,
) {
  const actorId = ctx.principal?.kind === 'person' ? ctx.principal.id : null;
  const ids = [...new Set(recipientIds)].filter((id) => id !== actorId);
  if (ids.length === 0) return;
  let q = trx.selectFrom('people').select(['email']).where('id', 'in', ids).where('active', '=', true);
  if (!isEssentialNotification(event)) q = q.where('notifications', '=', true);
  const mail = composeNotification(
    { key: review.key, title: review.title, link: reviewLink(ctx, review.key) },
    event,
  );
  for (const { email } of await q.orderBy('id').execute())
    await enqueueMail(trx, {
      kind: 'notification',
      to: [email],
      subject: mail.subject,
      text: mail.text,
      reviewId: review.id,
      messageIdDomain: ctx.settings.messageIdDomain,
    });
}

/** Everyone who facilitates one of `areas`. */
export async function facilitatorsOf(db: Db, areas: readonly Area[]): Promise<number[]> {
  if (areas.length === 0) return [];
  const rows = await db
    .selectFrom('area_facilitators')
    .select('person_id')
    .where('area', 'in', areas)
    .execute();
  return rows.map((r) => r.person_id);
}

/** The people who act for the collection: requester (proposer) and engineering owner. */
export const proposersOf = (review: ReviewRow) => [
  review.proposer_id,
  review.requester_id,
  ...(review.engineering_owner_id ? [review.engineering_owner_id] : []),
];

/** Every active data steward: a renewal waits for one of them. */
export async function stewardsOf(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('is_steward', '=', true)
    .where('active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}
