import { assertMayManageMeeting } from '@signoff/core';
import { insertEscalationMeeting } from '@signoff/db';
import { z } from 'zod';
import { escalationCommand, escalationTarget } from './escalation-step.ts';

export const scheduleEscalationMeetingInput = escalationTarget.extend({
  scheduledAt: z.iso.datetime({ offset: true }),
  agenda: z.string().trim().min(1).max(10_000),
});

/** Step 3 (if necessary): a meeting. */
export const scheduleEscalationMeeting = escalationCommand(
  'escalation.scheduleMeeting',
  async (
    { ctx, trx, audit, actor, escalation, process },
    input: z.infer<typeof scheduleEscalationMeetingInput>,
  ) => {
    assertMayManageMeeting(actor, process);
    const m = await insertEscalationMeeting(trx, {
      escalationId: escalation.id,
      scheduledFor: new Date(input.scheduledAt),
      agenda: input.agenda,
      at: ctx.now(),
    });
    await audit({
      action: 'escalation.meeting_scheduled',
      after: { id: m.id, scheduledAt: input.scheduledAt, agenda: input.agenda },
    });
    return { id: m.id };
  },
);
