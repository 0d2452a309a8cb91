import { assertMayManageMeeting, DomainError } from '@signoff/core';
import { findEscalationMeeting, updateEscalationMeeting } from '@signoff/db';
import { z } from 'zod';
import { escalationCommand, escalationSubject, escalationTarget, processOf } from './escalation-step.ts';

export const recordEscalationMeetingInput = escalationTarget.extend({
  meetingId: z.number().int().positive(),
  notes: z.string().trim().min(1).max(50_000),
});

/** Step 3: the meeting, recorded as held with its notes. */
export const recordEscalationMeeting = escalationCommand(
  'escalation.recordMeeting',
  async (
    { ctx, trx, audit, actor, review, escalation },
    input: z.infer<typeof recordEscalationMeetingInput>,
  ) => {
    assertMayManageMeeting(actor, processOf(escalation));
    const m = await findEscalationMeeting(trx, escalation.id, input.meetingId);
    if (!m)
      throw new DomainError('NOT_FOUND', `escalation ${escalation.id} has no meeting ${input.meetingId}`, {
        field: 'meetingId',
      });
    if (m.state !== 'scheduled')
      throw new DomainError(
        'RULE_VIOLATION',
        `The meeting is ${m.state}; only a scheduled meeting is recorded as held.`,
        { current: m.state, allowed: [] },
      );
    await updateEscalationMeeting(trx, m.id, { state: 'held', notes: input.notes }, ctx.now());
    await audit({
      action: 'escalation.meeting_held',
      reviewId: review.id,
      subject: escalationSubject(review, escalation),
      after: { id: m.id, notes: input.notes },
    });
    return { id: m.id };
  },
);
