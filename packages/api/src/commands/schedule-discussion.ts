import { moveDiscussion, scheduleDiscussionSchema } from '@signoff/core';
import { insertDiscussion } from '@signoff/db';
import type { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { discussionView } from './discussion-view.ts';
import { reviewCommand } from './review-command.ts';

export const scheduleDiscussionInput = scheduleDiscussionSchema.extend({
  review: reviewRefSchema,
  idempotencyKey: idempotencyKeySchema,
});

/** Live discussion (SPEC 5): scheduled with time, attendees and agenda. */
export const scheduleDiscussion = reviewCommand(
  'discussion.schedule',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof scheduleDiscussionInput>) => {
    moveDiscussion({ actor, review: ref, discussion: { area: input.area, state: null }, move: 'schedule' });
    const d = await insertDiscussion(trx, {
      reviewId: review.id,
      area: input.area,
      scheduledFor: new Date(input.scheduledAt),
      attendees: input.attendeeIds,
      agenda: input.agenda,
      createdBy: actor.personId,
      at: ctx.now(),
    });
    await audit({
      action: 'discussion.scheduled',
      reviewId: review.id,
      subject: `${review.key}:discussion:${d.id}`,
      after: { ...discussionView(d), agenda: d.agenda },
    });
    return discussionView(d);
  },
);
