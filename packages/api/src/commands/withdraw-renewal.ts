import { assertMayWithdrawRenewal } from '@signoff/core';
import { updateRenewal } from '@signoff/db';
import type { z } from 'zod';
import { renewalDecision } from './renewal-decision.ts';
import type { renewalTarget } from './renewal-view.ts';

/** The requester withdraws a renewal request still waiting for a steward. */
export const withdrawRenewal = renewalDecision(
  'renewal.withdraw',
  'renewal.withdrawn',
  async ({ ctx, trx, actor, renewal }, _input: z.infer<typeof renewalTarget>) => {
    assertMayWithdrawRenewal({
      actor,
      renewal: { id: renewal.id, state: renewal.state, requestedBy: renewal.requested_by },
    });
    return updateRenewal(trx, renewal.id, { state: 'withdrawn', decided_at: ctx.now() });
  },
);
