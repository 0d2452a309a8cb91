import { z } from 'zod';
import { composeReviewAnnouncement, mailOutput } from '../commands/compose-announcement.ts';
import {
  recordManualAnnouncement,
  recordManualAnnouncementInput,
  recordManualAnnouncementOutput,
} from '../commands/record-manual-announcement.ts';
import { visibleReview } from '../commands/review-command.ts';
import {
  sendAnnouncement,
  sendAnnouncementInput,
  sendAnnouncementOutput,
} from '../commands/send-announcement.ts';
import { reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';

export const announcementRouter = router({
  /** What would be sent, before sending it. */
  preview: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(mailOutput)
    .query(async ({ ctx, input }) =>
      composeReviewAnnouncement(ctx.db, ctx, await visibleReview(ctx, input.review)),
    ),
  /** Send = enqueue in the outbox, in the same transaction as its record; the worker delivers it. */
  send: personProcedure
    .input(sendAnnouncementInput)
    .output(sendAnnouncementOutput)
    .mutation(sendAnnouncement),
  /** The proposer records an announcement sent by hand, with its mailing-list archive link (SPEC 8). */
  recordManual: personProcedure
    .input(recordManualAnnouncementInput)
    .output(recordManualAnnouncementOutput)
    .mutation(recordManualAnnouncement),
});
