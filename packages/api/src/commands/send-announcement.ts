import { assertMayAnnounce, assertMayMakeAnnouncement } from '@signoff/core';
import { enqueueMail, loadAnnouncementState } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { composeReviewAnnouncement } from './compose-announcement.ts';
import { reviewCommand } from './review-command.ts';

export const sendAnnouncementInput = z.object({
  review: reviewRefSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const sendAnnouncementOutput = z.object({
  id: z.number(),
  mailId: z.number(),
  messageId: z.string(),
  /** True when the review's announcement was already in the outbox: nothing was queued again. */
  alreadySent: z.boolean(),
});

/**
 * Send = enqueue in the outbox, in the same transaction as its record; the worker delivers it. A review is
 * announced once (SPEC 8): a second send, even without an idempotency key, queues nothing and answers with
 * the first (the review's row lock serialises two sends).
 */
export const sendAnnouncement = reviewCommand(
  'announcement.send',
  async ({ ctx, trx, audit, actor, review, ref }, _input: z.infer<typeof sendAnnouncementInput>) => {
    assertMayAnnounce({ actor, review: ref });
    const earlier = await trx
      .selectFrom('announcements as a')
      .innerJoin('outbox as o', 'o.id', 'a.mail_id')
      .select(['a.id', 'o.id as mail_id', 'o.message_id'])
      .where('a.review_id', '=', review.id)
      .where('a.method', '=', 'outbox')
      .orderBy('a.id')
      .executeTakeFirst();
    if (earlier)
      return { id: earlier.id, mailId: earlier.mail_id, messageId: earlier.message_id, alreadySent: true };
    // Recorded as sent by hand: announced already, nothing is mailed (core's rule, SPEC 8).
    assertMayMakeAnnouncement({ method: 'outbox', state: await loadAnnouncementState(trx, review.id) });
    const mail = await composeReviewAnnouncement(trx, ctx, review);
    const queued = await enqueueMail(trx, {
      kind: 'announcement',
      ...mail,
      reviewId: review.id,
      messageIdDomain: ctx.settings.messageIdDomain,
    });
    const a = await trx
      .insertInto('announcements')
      .values({
        review_id: review.id,
        method: 'outbox',
        mail_id: queued.id,
        recorded_by: actor.personId,
        created_at: ctx.now(),
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const result = { id: a.id, mailId: queued.id, messageId: queued.message_id, alreadySent: false };
    await audit({
      action: 'announcement.queued',
      reviewId: review.id,
      subject: review.key,
      after: { ...result, to: mail.to, subject: mail.subject },
    });
    return result;
  },
);
