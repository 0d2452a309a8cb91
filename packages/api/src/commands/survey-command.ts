import { type Actor, DomainError } from '@signoff/core';
import {
  type Db,
  findPersonById,
  findReview,
  lockSurveyItem,
  type ReviewRow,
  type SurveyItemRow,
} from '@signoff/db';
import type { Context } from '../context.ts';
import { type AuditRecord, write } from '../write.ts';
import { type Item, reloadedItem } from './survey-item-view.ts';

/** What every survey item command is handed: its transaction, the locked item, its review, an audit bound to it. */
export interface SurveyCommandScope {
  ctx: Context & { actor: Actor };
  trx: Db;
  actor: Actor;
  /** Locked for the rest of the transaction: answers and reassignments of one item run one after another. */
  item: SurveyItemRow;
  /** The collection the item asks about (read, not locked: a survey answer does not change the review). */
  review: ReviewRow;
  /** An audit event of the item's review. */
  audit: (r: Omit<AuditRecord, 'reviewId' | 'stream'>) => Promise<void>;
}

export interface SurveyCommandInput {
  itemId: number;
  idempotencyKey?: string | undefined;
}

/**
 * The one pipeline of every write to an annual survey item (STYLE habit 12, as reviewCommand is for a review):
 * one transaction with its audit (write.ts, idempotent with a key), the item locked and loaded (an unknown item
 * is refused naming `itemId`), then the use case; the answer is the item as the list shows it afterwards.
 */
export function surveyCommand<I extends SurveyCommandInput>(
  procedure: string,
  run: (scope: SurveyCommandScope, input: I) => Promise<void>,
): (opts: { ctx: Context & { actor: Actor }; input: I }) => Promise<Item> {
  return ({ ctx, input }) =>
    write(
      ctx,
      async (trx, audit) => {
        const item = await lockSurveyItem(trx, input.itemId);
        const review = item && (await findReview(trx, item.review_id));
        if (!item || !review)
          throw new DomainError('NOT_FOUND', `No survey item ${input.itemId}.`, { field: 'itemId' });
        const actor = ctx.actor;
        await run(
          { ctx, trx, actor, item, review, audit: (r) => audit({ ...r, reviewId: review.id }) },
          input,
        );
        return reloadedItem(trx, item, ctx.now(), actor);
      },
      { key: input.idempotencyKey, procedure },
    );
}

/** The person a survey item is handed to must be active; else the field is refused by its name. */
export async function assertActivePerson(trx: Db, id: number, field: string): Promise<void> {
  if (!(await findPersonById(trx, id))?.active)
    throw new DomainError('VALIDATION', `${field}: no active person ${id}`, { field });
}
