import { assertMayCommentOnEscalation } from '@signoff/core';
import { insertEscalationComment } from '@signoff/db';
import { z } from 'zod';
import { escalationCommand, escalationSubject, escalationTarget, processOf } from './escalation-step.ts';

export const commentOnEscalationInput = escalationTarget.extend({
  body: z.string().trim().min(1).max(20_000),
});

/** Step 2: involved parties comment asynchronously once the papers are shared. */
export const commentOnEscalation = escalationCommand(
  'escalation.comment',
  async (
    { ctx, trx, audit, actor, review, escalation, parties },
    input: z.infer<typeof commentOnEscalationInput>,
  ) => {
    assertMayCommentOnEscalation(actor, processOf(escalation), parties);
    const c = await insertEscalationComment(trx, {
      escalationId: escalation.id,
      authorId: actor.personId,
      body: input.body,
      at: ctx.now(),
    });
    await audit({
      action: 'escalation.commented',
      reviewId: review.id,
      subject: escalationSubject(review, escalation),
      after: { id: c.id, body: c.body },
    });
    return { id: c.id };
  },
);
