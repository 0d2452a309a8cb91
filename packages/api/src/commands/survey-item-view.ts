import {
  type Actor,
  flaggedForRemoval,
  SURVEY_ITEM_STATES,
  surveyItemActions,
  surveyItemState,
} from '@signoff/core';
import { type Db, listSurveyItems } from '@signoff/db';
import { z } from 'zod';
import { verdictSchema } from '../review-schemas.ts';

/** An item of the annual survey as the list shows it, with what the asking person may do with it. */
export const itemSchema = z.object({
  id: z.number(),
  year: z.number(),
  reviewId: z.number(),
  reviewKey: z.string(),
  reviewTitle: z.string(),
  owner: z.object({ id: z.number(), name: z.string() }),
  state: z.enum(SURVEY_ITEM_STATES),
  dueAt: z.string(),
  stillNecessary: z.boolean().nullable(),
  reason: z.string().nullable(),
  responsible: z.object({ id: z.number(), name: z.string() }).nullable(),
  flaggedForRemoval: z.boolean(),
  answeredAt: z.string().nullable(),
  remindersSent: z.number(),
  /** What the asking person may do with the item, with the rule's words when not. */
  allowed: z.object({ answer: verdictSchema, reassign: verdictSchema }),
});
export type Item = z.infer<typeof itemSchema>;

export type ItemRow = Awaited<ReturnType<typeof listSurveyItems>>[number];
export const itemView = (i: ItemRow, now: Date, actor: Actor): Item => ({
  id: i.id,
  year: i.year,
  reviewId: i.review_id,
  reviewKey: i.review_key,
  reviewTitle: i.review_title,
  owner: { id: i.owner_id, name: i.owner_name },
  state: surveyItemState({ answeredAt: i.answered_at }, i.due_at, now),
  dueAt: i.due_at.toISOString(),
  stillNecessary: i.still_necessary,
  reason: i.reason,
  responsible: i.responsible_id === null ? null : { id: i.responsible_id, name: i.responsible_name ?? '' },
  flaggedForRemoval: flaggedForRemoval(
    i.still_necessary === null ? null : { stillNecessary: i.still_necessary },
  ),
  answeredAt: i.answered_at?.toISOString() ?? null,
  remindersSent: i.reminders_sent,
  allowed: surveyItemActions({
    actor,
    ownerId: i.owner_id,
    review: {
      proposerId: i.proposer_id,
      requesterId: i.requester_id,
      engineeringOwnerId: i.engineering_owner_id,
    },
    answered: i.answered_at !== null,
  }),
});

/** An item as the list shows it, read again after a change in the same transaction. */
export async function reloadedItem(
  trx: Db,
  item: { survey_id: number; review_id: number },
  now: Date,
  actor: Actor,
) {
  const [row] = await listSurveyItems(trx, {
    surveyId: item.survey_id,
    filter: 'all',
    now,
    reviewId: item.review_id,
  });
  if (!row) throw new Error('survey item vanished');
  return itemView(row, now, actor);
}
