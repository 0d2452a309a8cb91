import {
  type Area,
  composeNotification,
  type NotificationEvent,
  newlyReady,
  notificationKindOf,
  type OpenStep,
  ownersOf,
} from '@signoff/core';
import { type Db, enqueueMail, type ReviewRow } from '@signoff/db';
import type { Context } from './context.ts';
import { openStepsOf } from './inbox-steps.ts';
import { wantsMail } from './notification-preferences.ts';

export const reviewLink = (ctx: Pick<Context, 'settings'>, key: string) =>
  `${ctx.settings.publicUrl.replace(/\/$/, '')}/reviews/${key}`;

/**
 * Queues a notification to each recipient in the caller's transaction (sent only if it commits).
 * The actor is not notified of their own action; people who turned this kind of mail off get none of it
 * (essential mail always goes out).
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
  const q = trx
    .selectFrom('people')
    .select(['email'])
    .where('id', 'in', ids)
    .where('active', '=', true)
    .where(wantsMail(notificationKindOf(event)));
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

/** The people who act for the collection: requester (proposer) and engineering owner. */
export const proposersOf = (review: ReviewRow) => [
  review.proposer_id,
  review.requester_id,
  ...(review.engineering_owner_id ? [review.engineering_owner_id] : []),
];

/** Every active data steward (a request with no steward requested waits for any of them). */
export async function stewardsOf(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('is_steward', '=', true)
    .where('active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The review's open steps as they stand in this transaction (core's openSteps over facts read through `trx`,
 * so a change the command just made counts). Notifications go to the owners of these steps (SPEC 15).
 */
export async function stepsOfReview(trx: Db, ctx: Context, reviewId: number): Promise<OpenStep[]> {
  return (await openStepsOf(trx, [reviewId], ctx.now())).get(reviewId) ?? [];
}

const isSignOffStep = (s: OpenStep) => s.action === 'record_sign_off' || s.action === 'reconfirm_sign_off';

/**
 * Tells the owners of each sign-off whose turn has just come (SPEC 5: Legal/Trust and Security decide once
 * Privacy/Technical and Data approved the current revision): `before` are the steps before the change.
 */
export async function notifySignOffTurns(
  trx: Db,
  ctx: Context,
  review: ReviewRow,
  before: readonly OpenStep[],
): Promise<void> {
  const after = await stepsOfReview(trx, ctx, review.id);
  const wasOpen = new Set(before.filter(isSignOffStep).map((s) => `${s.action}:${s.area}`));
  // Only a step that was open and waiting: one that just opened (a new revision, a new decision) has its own mail.
  for (const s of newlyReady(before, after))
    if (isSignOffStep(s) && s.area && wasOpen.has(`${s.action}:${s.area}`))
      await notify(trx, ctx, review, s.owner.personIds, {
        kind: 'sign_off_turn',
        area: s.area,
        reconfirm: s.action === 'reconfirm_sign_off',
      });
}

/**
 * A sensitive review starts: the owners of each area's sign-off step are asked for it, those whose sign-off
 * comes later told so (and told again when their turn comes).
 */
export async function notifySensitiveReviewStarted(trx: Db, ctx: Context, review: ReviewRow) {
  const steps = (await stepsOfReview(trx, ctx, review.id)).filter(isSignOffStep);
  await notify(
    trx,
    ctx,
    review,
    ownersOf(steps, (s) => s.ready),
    { kind: 'sensitive_review_started' },
  );
  for (const s of steps.filter((x) => !x.ready))
    await notify(trx, ctx, review, s.owner.personIds, {
      kind: 'sensitive_review_started',
      waitsFor: [...new Set(s.waitsFor.flatMap((w) => (w.area ? [w.area] : [])))],
    });
}

/** The owners of the sign-off step of `area` (record or re-confirm), whether it can be taken now or waits. */
export const signOffOwners = (steps: readonly OpenStep[], area: Area) =>
  ownersOf(steps, (s) => isSignOffStep(s) && s.area === area);

/** The owners of a renewal's review step that can be taken now (core's openSteps: stewards off its side). */
export const renewalReviewers = (steps: readonly OpenStep[], renewalId: number) =>
  ownersOf(steps, (s) => s.ready && s.action === 'review_renewal' && s.renewalId === renewalId);
