import { areaSchema, MITIGATION_KINDS, MITIGATION_STATES, type MitigationMove } from '@signoff/core';
import type { insertMitigation } from '@signoff/db';
import { z } from 'zod';

export const mitigationOutput = z.object({
  id: z.number(),
  area: areaSchema,
  kind: z.enum(MITIGATION_KINDS),
  description: z.string(),
  state: z.enum(MITIGATION_STATES),
  implementedRevision: z.number().nullable(),
  decisionNote: z.string().nullable(),
});

export const mitigationView = (
  m: Awaited<ReturnType<typeof insertMitigation>>,
): z.infer<typeof mitigationOutput> => ({
  id: m.id,
  area: m.area,
  kind: m.kind,
  description: m.description,
  state: m.state,
  implementedRevision: m.implemented_revision,
  decisionNote: m.decision_note,
});

/** The audit action of each move (`mitigation.accepted`, ...). */
export const MITIGATION_PAST: Record<MitigationMove, string> = {
  request: 'requested',
  propose: 'proposed',
  implement: 'implemented',
  accept: 'accepted',
  reject: 'rejected',
  revise: 'revised',
  withdraw: 'withdrawn',
};
