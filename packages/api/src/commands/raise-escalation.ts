import { assertMayRaise, nextEscalationLevel } from '@signoff/core';
import { updateEscalation } from '@signoff/db';
import type { z } from 'zod';
import {
  announceStep,
  escalationCommand,
  type escalationTarget,
  summaryOfEscalation,
} from './escalation-step.ts';

/** Raise to the next level (CPO, then CEO); papers, comments and meetings are kept. */
export const raiseEscalation = escalationCommand(
  'escalation.raise',
  async (
    { ctx, trx, audit, actor, review, escalation, process: p, parties },
    _input: z.infer<typeof escalationTarget>,
  ) => {
    assertMayRaise(actor, p, parties.productOwnerId);
    const e = await updateEscalation(trx, escalation.id, { level: nextEscalationLevel(p.level) });
    await announceStep(trx, ctx, review, e, `raised to the ${e.level.toUpperCase()}`);
    await audit({
      action: 'escalation.raised',
      before: { level: p.level },
      after: { level: e.level },
    });
    return summaryOfEscalation(e);
  },
);
