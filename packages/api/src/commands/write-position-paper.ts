import { assertMayWritePositionPaper } from '@signoff/core';
import { insertPositionPaper } from '@signoff/db';
import { z } from 'zod';
import { escalationCommand, escalationSubject, escalationTarget, processOf } from './escalation-step.ts';

export const writePositionPaperInput = escalationTarget.extend({
  body: z.string().trim().min(1).max(50_000),
});

/** Step 1: write or revise one's position paper (a new version each time). */
export const writePositionPaper = escalationCommand(
  'escalation.writePaper',
  async (
    { ctx, trx, audit, actor, review, escalation, parties },
    input: z.infer<typeof writePositionPaperInput>,
  ) => {
    assertMayWritePositionPaper(actor, processOf(escalation), parties);
    const paper = await insertPositionPaper(trx, {
      escalationId: escalation.id,
      authorId: actor.personId,
      body: input.body,
      at: ctx.now(),
    });
    await audit({
      action: 'escalation.paper_written',
      reviewId: review.id,
      subject: escalationSubject(review, escalation),
      after: { authorId: actor.personId, version: paper.version, body: input.body },
    });
    return { version: paper.version };
  },
);
