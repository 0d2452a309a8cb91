import { assertMayReassignSurveyItem } from '@signoff/core';
import { updateSurveyItem } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema } from '../review-schemas.ts';
import { assertActivePerson, surveyCommand } from './survey-command.ts';

export const reassignSurveyItemInput = z.object({
  itemId: z.number().int().positive(),
  ownerId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});

/** An admin hands an unanswered item to someone else (e.g. the owner left). */
export const reassignSurveyItem = surveyCommand(
  'survey.reassign',
  async ({ trx, actor, item, audit }, input: z.infer<typeof reassignSurveyItemInput>) => {
    assertMayReassignSurveyItem({ actor, answered: item.state === 'answered' });
    await assertActivePerson(trx, input.ownerId, 'ownerId');
    await updateSurveyItem(trx, item.id, { owner_id: input.ownerId });
    await audit({
      action: 'survey.item_reassigned',
      subject: `survey-item:${item.id}`,
      before: { ownerId: item.owner_id },
      after: { ownerId: input.ownerId },
    });
  },
);
