import { assertMayWritePositionPaper } from '@signoff/core';
import { insertPositionPaper } from '@signoff/db';
import { z } from 'zod';
import { escalationCommand, escalationTarget } from './escalation-step.ts';

export const writePositionPaperInput = escalationTarget.extend({
  body: z.string().trim().min(1).max(50_000),
});

/** Step 1: write or revise one's position paper (a new version each time). */
export const writePositionPaper = escalationCommand(
  'escalation.writePaper',
  async (
    { ctx, trx, audit, actor, escalation, process, parties },
    input: z.infer<typeof writePositionPaperInput>,
  ) => {
    assertMayWritePositionPaper(actor, process, parties);
    const paper = await insertPositionPaper(trx, {
      escalationId: escalation.id,
      authorId: actor.personId,
      body: input.body,
      at: ctx.now(),
    });
    await audit({
      action: 'escalation.paper_written',
      after: { authorId: actor.personId, version: paper.version, body: input.body },
    });
    return { version: paper.version };
  },
);
