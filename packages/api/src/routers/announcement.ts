import { assertMayAnnounce } from '@signoff/core';
import { insertManualAnnouncement } from '@signoff/db';
import { z } from 'zod';
import { lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

export const announcementRouter = router({
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
