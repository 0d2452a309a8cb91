import { assertMaySharePapers } from '@signoff/core';
import { currentPositionPapers, updateEscalation } from '@signoff/db';
import type { z } from 'zod';
import {
  announceStep,
  escalationCommand,
  type escalationTarget,
  summaryOfEscalation,
} from './escalation-step.ts';

/** Step 2: share the papers with all involved parties; they are frozen from now on. */
export const sharePositionPapers = escalationCommand(
  'escalation.share',
  async (
    { ctx, trx, audit, actor, review, escalation, process },
    _input: z.infer<typeof escalationTarget>,
  ) => {
    assertMaySharePapers(actor, process, (await currentPositionPapers(trx, escalation.id)).length);
    const e = await updateEscalation(trx, escalation.id, { papers_shared_at: ctx.now() });
    await announceStep(trx, ctx, review, e, 'position papers shared; comments are open');
    await audit({
      action: 'escalation.papers_shared',
      after: summaryOfEscalation(e),
    });
    return summaryOfEscalation(e);
  },
);
