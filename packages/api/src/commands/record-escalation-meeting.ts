import { assertMayManageMeeting, assertMayRecordMeeting, DomainError } from '@signoff/core';
import { findEscalationMeeting, updateEscalationMeeting } from '@signoff/db';
import { z } from 'zod';
import { escalationCommand, escalationTarget } from './escalation-step.ts';

export const recordEscalationMeetingInput = escalationTarget.extend({
  meetingId: z.number().int().positive(),
  notes: z.string().trim().min(1).max(50_000),
});

/** Step 3: the meeting, recorded as held with its notes. */
export const recordEscalationMeeting = escalationCommand(
  'escalation.recordMeeting',
  async (
    { ctx, trx, audit, actor, escalation, process: e },
    input: z.infer<typeof recordEscalationMeetingInput>,
  ) => {
    assertMayManageMeeting(actor, e); // who may, before whether the meeting exists
    const m = await findEscalationMeeting(trx, escalation.id, input.meetingId);
    if (!m)
      throw new DomainError('NOT_FOUND', `escalation ${escalation.id} has no meeting ${input.meetingId}`, {
        field: 'meetingId',
      });
    assertMayRecordMeeting(actor, e, m);
    await updateEscalationMeeting(trx, m.id, { state: 'held', notes: input.notes }, ctx.now());
    await audit({
      action: 'escalation.meeting_held',
      after: { id: m.id, notes: input.notes },
    });
    return { id: m.id };
  },
);
