import { assertMayAnnounce, assertMayMakeAnnouncement } from '@signoff/core';
import { insertManualAnnouncement, loadAnnouncementState } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { reviewCommand } from './review-command.ts';

export const recordManualAnnouncementInput = z.object({
  review: reviewRefSchema,
  archiveLink: z.url({ protocol: /^https?$/ }).max(2000),
  idempotencyKey: idempotencyKeySchema,
});
export const recordManualAnnouncementOutput = z.object({
  id: z.number(),
  archiveLink: z.string(),
  createdAt: z.string(),
});

/** The proposer records an announcement sent by hand, with its mailing-list archive link (SPEC 8). */
export const recordManualAnnouncement = reviewCommand(
  'announcement.recordManual',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof recordManualAnnouncementInput>) => {
    assertMayAnnounce({ actor, review: ref });
    assertMayMakeAnnouncement({
      method: 'manual',
      state: await loadAnnouncementState(trx, review.id),
      archiveLink: input.archiveLink,
    });
    const a = await insertManualAnnouncement(trx, {
      reviewId: review.id,
      archiveLink: input.archiveLink,
      recordedBy: actor.personId,
      at: ctx.now(),
    });
    const result = { id: a.id, archiveLink: input.archiveLink, createdAt: a.created_at.toISOString() };
    await audit({ action: 'announcement.recorded', reviewId: review.id, subject: review.key, after: result });
    return result;
  },
);
