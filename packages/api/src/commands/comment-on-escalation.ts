import { assertMayCommentOnEscalation, assertReplyInEscalationThread } from '@signoff/core';
import { getEscalationComment, insertEscalationComment } from '@signoff/db';
import { z } from 'zod';
import { escalationCommand, escalationTarget } from './escalation-step.ts';

export const commentOnEscalationInput = escalationTarget.extend({
  body: z.string().trim().min(1).max(20_000),
  /** The comment of this escalation this one answers (threads); omitted or null starts a new thread. */
  replyTo: z.number().int().positive().nullish(),
});
export const commentOnEscalationOutput = z.object({ id: z.number(), replyTo: z.number().nullable() });

/** Step 2: involved parties comment asynchronously once the papers are shared, in threads. */
export const commentOnEscalation = escalationCommand(
  'escalation.comment',
  async (
    { ctx, trx, audit, actor, escalation, process, parties },
    input: z.infer<typeof commentOnEscalationInput>,
  ) => {
    assertMayCommentOnEscalation(actor, process, parties);
    if (input.replyTo != null) {
      const parent = await getEscalationComment(trx, input.replyTo);
      assertReplyInEscalationThread(parent && { escalationId: parent.escalation_id }, {
        escalationId: escalation.id,
      });
    }
    const c = await insertEscalationComment(trx, {
      escalationId: escalation.id,
      authorId: actor.personId,
      body: input.body,
      at: ctx.now(),
      replyTo: input.replyTo ?? null,
    });
    await audit({
      action: 'escalation.commented',
      after: { id: c.id, body: c.body, replyTo: c.reply_to },
    });
    return { id: c.id, replyTo: c.reply_to };
  },
);
