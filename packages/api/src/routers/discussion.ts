import {
  type Area,
  type DiscussionState,
  DomainError,
  moveDiscussion,
  recordDiscussionHeldSchema,
  scheduleDiscussionSchema,
} from '@signoff/core';
import { findDiscussion, insertDiscussion, updateDiscussion } from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const discussionOutput = z.object({
  id: z.number(),
  area: z.string().nullable(),
  state: z.enum(['scheduled', 'held', 'cancelled']),
  scheduledFor: z.string(),
});
const out = (d: Awaited<ReturnType<typeof insertDiscussion>>) => ({
  id: d.id,
  area: d.area,
  state: d.state as DiscussionState,
  scheduledFor: d.scheduled_for.toISOString(),
});
const ref = z.object({
  review: reviewRefSchema,
  discussionId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});

/** Holds or cancels a scheduled discussion (SPEC 5): locked review, the move decided by core, one audit event. */
function moveExisting(
  ctx: Context,
  input: z.infer<typeof ref>,
  move: 'hold' | 'cancel',
  action: string,
  record: { notes?: string; outcome?: string },
) {
  const actor = requireActor(ctx.principal);
  return write(
    ctx,
    async (trx, audit) => {
      const row = await lockVisibleReview(trx, input.review, actor);
      const d = await findDiscussion(trx, row.id, input.discussionId);
      if (!d)
        throw new DomainError('NOT_FOUND', `${row.key} has no discussion ${input.discussionId}`, {
          field: 'discussionId',
        });
      const state = moveDiscussion({
        actor,
        review: reviewRef(row),
        discussion: { area: d.area as Area | null, state: d.state as DiscussionState },
        move,
      });
      const updated = await updateDiscussion(trx, d.id, { state, ...record }, ctx.now());
      await audit({
        action,
        reviewId: row.id,
        subject: `${row.key}:discussion:${d.id}`,
        before: out(d),
        after: { ...out(updated), ...record },
      });
      return out(updated);
    },
    { key: input.idempotencyKey, procedure: `discussion.${move}` },
  );
}

export const discussionRouter = router({
  /** Live discussion (SPEC 5): scheduled with time, attendees and agenda. */
  schedule: personProcedure
    .input(scheduleDiscussionSchema.extend({ review: reviewRefSchema, idempotencyKey: idempotencyKeySchema }))
    .output(discussionOutput)
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          moveDiscussion({
            actor,
            review: reviewRef(row),
            discussion: { area: input.area, state: null },
            move: 'schedule',
          });
          const d = await insertDiscussion(trx, {
            reviewId: row.id,
            area: input.area,
            scheduledFor: new Date(input.scheduledAt),
            attendees: input.attendeeIds,
            agenda: input.agenda,
            createdBy: actor.personId,
            at: ctx.now(),
          });
          await audit({
            action: 'discussion.scheduled',
            reviewId: row.id,
            subject: `${row.key}:discussion:${d.id}`,
            after: { ...out(d), agenda: d.agenda },
          });
          return out(d);
        },
        { key: input.idempotencyKey, procedure: 'discussion.schedule' },
      );
    }),

  hold: personProcedure
    .input(ref.extend(recordDiscussionHeldSchema.shape))
    .output(discussionOutput)
    .mutation(({ ctx, input }) =>
      moveExisting(ctx, input, 'hold', 'discussion.held', { notes: input.notes, outcome: input.outcome }),
    ),

  cancel: personProcedure
    .input(ref)
    .output(discussionOutput)
    .mutation(({ ctx, input }) => moveExisting(ctx, input, 'cancel', 'discussion.cancelled', {})),
});
