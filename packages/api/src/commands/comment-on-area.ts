import { areaSchema, assertMayComment, assertReplyInThread } from '@signoff/core';
import { getComment, insertComment } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { reviewCommand } from './review-command.ts';

export const commentOnAreaInput = z.object({
  review: reviewRefSchema,
  area: areaSchema,
  body: z.string().trim().min(1).max(20_000),
  /** The comment this one answers (threads); omitted or null starts a new thread. */
  replyTo: z.number().int().positive().nullish(),
  idempotencyKey: idempotencyKeySchema,
});
export const commentOnAreaOutput = z.object({
  id: z.number(),
  area: areaSchema,
  body: z.string(),
  replyTo: z.number().nullable(),
  createdAt: z.string(),
});

/** Per-area comments: the area's facilitators and reviewers, and the proposer who answers them. */
export const commentOnArea = reviewCommand(
  'signOff.comment',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof commentOnAreaInput>) => {
    const mine = await trx
      .selectFrom('area_reviewers')
      .select('area')
      .where('review_id', '=', review.id)
      .where('person_id', '=', actor.personId)
      .execute();
    assertMayComment({
      actor,
      area: input.area,
      review: ref,
      actorReviewerAreas: mine.map((m) => m.area),
    });
    if (input.replyTo != null) {
      const parent = await getComment(trx, input.replyTo);
      assertReplyInThread(parent && { reviewId: parent.review_id, area: parent.area }, {
        reviewId: review.id,
        area: input.area,
      });
    }
    const c = await insertComment(trx, {
      reviewId: review.id,
      area: input.area,
      authorId: actor.personId,
      body: input.body,
      at: ctx.now(),
      replyTo: input.replyTo ?? null,
    });
    await audit({
      action: 'comment.added',
      reviewId: review.id,
      subject: `${review.key}:${input.area}`,
      after: { id: c.id, body: c.body, replyTo: c.reply_to },
    });
    return {
      id: c.id,
      area: input.area,
      body: c.body,
      replyTo: c.reply_to,
      createdAt: c.created_at.toISOString(),
    };
  },
);
