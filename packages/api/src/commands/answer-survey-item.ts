import { assertMayAnswerSurveyItem, surveyAnswerSchema } from '@signoff/core';
import { updateSurveyItem } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema } from '../review-schemas.ts';
import { assertActivePerson, surveyCommand } from './survey-command.ts';

export const answerSurveyItemInput = surveyAnswerSchema.extend({
  itemId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});

/**
 * The owner answers: still necessary, and why? who is responsible now? "No longer necessary" flags the
 * collection for removal. An answer may be revised; the audit keeps every version.
 */
export const answerSurveyItem = surveyCommand(
  'survey.answer',
  async ({ ctx, trx, actor, item, review, audit }, input: z.infer<typeof answerSurveyItemInput>) => {
    assertMayAnswerSurveyItem({
      actor,
      ownerId: item.owner_id,
      review: {
        proposerId: review.proposer_id,
        engineeringOwnerId: review.engineering_owner_id,
        requesterId: review.requester_id,
      },
    });
    await assertActivePerson(trx, input.responsiblePersonId, 'responsiblePersonId');
    const updated = await updateSurveyItem(trx, item.id, {
      state: 'answered',
      still_necessary: input.stillNecessary,
      reason: input.reason,
      responsible_id: input.responsiblePersonId,
      answered_by: actor.personId,
      answered_at: ctx.now(),
    });
    await audit({
      action: input.stillNecessary ? 'survey.answered' : 'survey.flagged_for_removal',
      subject: review.key,
      before:
        item.state === 'answered'
          ? { stillNecessary: item.still_necessary, reason: item.reason, responsibleId: item.responsible_id }
          : { state: item.state },
      after: {
        itemId: updated.id,
        stillNecessary: updated.still_necessary,
        reason: updated.reason,
        responsibleId: updated.responsible_id,
      },
    });
  },
);
