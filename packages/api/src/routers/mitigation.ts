import type { ExistingMitigationMove } from '@signoff/core';
import { createMitigation, createMitigationInput } from '../commands/create-mitigation.ts';
import { mitigationOutput } from '../commands/mitigation-view.ts';
import { moveExistingMitigation, moveMitigationInput } from '../commands/move-mitigation.ts';
import { personProcedure, router } from '../trpc.ts';

const moveProcedure = (move: ExistingMitigationMove) =>
  personProcedure.input(moveMitigationInput).output(mitigationOutput).mutation(moveExistingMitigation(move));

export const mitigationRouter = router({
  /** A facilitator asks the proposer for a mitigation in their area. */
  request: personProcedure
    .input(createMitigationInput)
    .output(mitigationOutput)
    .mutation(createMitigation('request')),
  /** The proposer proposes a new mitigation. */
  propose: personProcedure
    .input(createMitigationInput)
    .output(mitigationOutput)
    .mutation(createMitigation('propose')),
  /** The proposer answers a requested mitigation with a proposal. */
  proposeRequested: moveProcedure('propose'),
  implement: moveProcedure('implement'),
  accept: moveProcedure('accept'),
  reject: moveProcedure('reject'),
  revise: moveProcedure('revise'),
  withdraw: moveProcedure('withdraw'),
});
