import { DomainError, heldForAreas, moveDiscussion, recordDiscussionHeldSchema } from '@signoff/core';
import { findDiscussion, updateDiscussion } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { discussionView } from './discussion-view.ts';
import { reviewCommand } from './review-command.ts';

export const discussionTarget = z.object({
  review: reviewRefSchema,
  discussionId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});
export const holdDiscussionInput = discussionTarget.extend(recordDiscussionHeldSchema.shape);

type MoveInput = z.infer<typeof discussionTarget> & { notes?: string; outcome?: string };

/** Holds or cancels a scheduled discussion (SPEC 5): the move decided by core, one audit event. */
const moveExisting = (move: 'hold' | 'cancel', action: string) =>
  reviewCommand(`discussion.${move}`, async ({ ctx, trx, audit, actor, review, ref }, input: MoveInput) => {
    const record = move === 'hold' ? { notes: input.notes, outcome: input.outcome } : {};
    const d = await findDiscussion(trx, review.id, input.discussionId);
    if (!d)
      throw new DomainError('NOT_FOUND', `${review.key} has no discussion ${input.discussionId}`, {
        field: 'discussionId',
      });
    const state = moveDiscussion({
      actor,
      review: ref,
      discussion: { area: d.area, state: d.state },
      move,
    });
    // Who recorded it, and so which areas' required discussion it is (issue 14, hole 4).
    const held = move === 'hold' ? { heldBy: actor.personId, heldForAreas: heldForAreas(actor, d.area) } : {};
    const updated = await updateDiscussion(trx, d.id, { state, ...record, ...held }, ctx.now());
    await audit({
      action,
      reviewId: review.id,
      subject: `${review.key}:discussion:${d.id}`,
      before: discussionView(d),
      after: { ...discussionView(updated), ...record },
    });
    return discussionView(updated);
  });

export const holdDiscussion = moveExisting('hold', 'discussion.held');
export const cancelDiscussion = moveExisting('cancel', 'discussion.cancelled');
