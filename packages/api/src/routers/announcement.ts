import {
  assertMayAnnounce,
  type Category,
  composeAnnouncement,
  DomainError,
  isSensitiveCategory,
} from '@signoff/core';
import { type Db, enqueueMail, insertManualAnnouncement, type ReviewRow, reviewChannels } from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { reviewLink } from '../notify.ts';
import { loadVisibleReview, lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { currentForm, productName } from '../review-view.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const mailOutput = z.object({ to: z.array(z.string()), subject: z.string(), text: z.string() });

/** The announcement composed from the current documentation (category 3/4 only: SPEC 8). */
async function compose(db: Db, ctx: Context, row: ReviewRow) {
  if (row.category === null || !isSensitiveCategory(row.category as Category))
    throw new DomainError(
      'RULE_VIOLATION',
      `${row.key} is not category 3 or 4; no announcement is required.`,
      { current: row.category },
    );
  const [form, channels, product] = await Promise.all([
    currentForm(db, row),
    reviewChannels(db, row.id),
    productName(db, row.product_id),
  ]);
  return composeAnnouncement(
    {
      key: row.key,
      title: row.title,
      productName: product,
      category: row.category as Category,
      channels: channels.map((c) => ({
        channel: c.channel as 'release',
        defaultState: c.default_state as 'on',
      })),
      runsInExperiments: row.runs_in_experiments,
      form,
      link: reviewLink(ctx, row.key),
    },
    ctx.settings.announcementList,
  );
}

export const announcementRouter = router({
  /** What would be sent, before sending it. */
  preview: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(mailOutput)
    .query(async ({ ctx, input }) => {
      const row = await loadVisibleReview(ctx.db, input.review, requireActor(ctx.principal));
      return compose(ctx.db, ctx, row);
    }),

  /** Send = enqueue in the outbox, in the same transaction as its record; the worker delivers it. */
  send: personProcedure
    .input(z.object({ review: reviewRefSchema, idempotencyKey: idempotencyKeySchema }))
    .output(z.object({ id: z.number(), mailId: z.number(), messageId: z.string() }))
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          assertMayAnnounce({ actor, review: reviewRef(row) });
          const mail = await compose(trx, ctx, row);
          const queued = await enqueueMail(trx, {
            kind: 'announcement',
            ...mail,
            reviewId: row.id,
            messageIdDomain: ctx.settings.messageIdDomain,
          });
          const a = await trx
            .insertInto('announcements')
            .values({
              review_id: row.id,
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
            reviewId: row.id,
            subject: row.key,
            after: { ...result, to: mail.to, subject: mail.subject },
          });
          return result;
        },
        { key: input.idempotencyKey, procedure: 'announcement.send' },
      );
    }),

  /** The proposer records an announcement sent by hand, with its mailing-list archive link (SPEC 8). */
  recordManual: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        archiveLink: z.url({ protocol: /^https?$/ }).max(2000),
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(z.object({ id: z.number(), archiveLink: z.string(), createdAt: z.string() }))
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          assertMayAnnounce({ actor, review: reviewRef(row) });
          const a = await insertManualAnnouncement(trx, {
            reviewId: row.id,
            archiveLink: input.archiveLink,
            recordedBy: actor.personId,
            at: ctx.now(),
          });
          const result = { id: a.id, archiveLink: input.archiveLink, createdAt: a.created_at.toISOString() };
          await audit({ action: 'announcement.recorded', reviewId: row.id, subject: row.key, after: result });
          return result;
        },
        { key: input.idempotencyKey, procedure: 'announcement.recordManual' },
      );
    }),
});
