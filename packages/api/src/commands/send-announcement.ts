import { assertMayAnnounce } from '@signoff/core';
import { enqueueMail } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { composeReviewAnnouncement } from './compose-announcement.ts';
import { reviewCommand } from './review-command.ts';

export const sendAnnouncementInput = z.object({
  review: reviewRefSchema,
  idempotencyKey: idempotencyKeySchema,
});
export const sendAnnouncementOutput = z.object({ id: z.number(), mailId: z.number(), messageId: z.string() });

/** Send = enqueue in the outbox, in the same transaction as its record; the worker delivers it. */
export const sendAnnouncement = reviewCommand(
  'announcement.send',
  async ({ ctx, trx, audit, actor, review, ref }, _input: z.infer<typeof sendAnnouncementInput>) => {
    assertMayAnnounce({ actor, review: ref });
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
    const result = { id: a.id, mailId: queued.id, messageId: queued.message_id };
    await audit({
      action: 'announcement.queued',
      reviewId: review.id,
      subject: review.key,
      after: { ...result, to: mail.to, subject: mail.subject },
    });
    return result;
  },
);
