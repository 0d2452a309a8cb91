import type { Category, StewardOutcome } from '@signoff/core';
import type { Db } from './database.ts';

export async function insertStewardReview(
  trx: Db,
  r: {
    reviewId: number;
    revision: number;
    stewardId: number;
    answers: unknown;
    neededForSecurity: boolean;
    defaultState: 'on' | 'off' | 'varies_by_channel';
    category: Category;
    categoryReason: string | null;
    outcome: StewardOutcome;
    problems: unknown;
    comment: string;
    at: Date;
  },
) {
  return trx
    .insertInto('steward_reviews')
    .values({
      review_id: r.reviewId,
      revision: r.revision,
      steward_id: r.stewardId,
      answers: JSON.stringify(r.answers),
      needed_for_security: r.neededForSecurity,
      default_state: r.defaultState,
      category: r.category,
      category_reason: r.categoryReason,
      outcome: r.outcome,
      problems: JSON.stringify(r.problems),
      comment: r.comment,
      created_at: r.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const listStewardReviews = (db: Db, reviewId: number) =>
  db.selectFrom('steward_reviews').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();
