import type { Selectable } from 'kysely';
import type { Db, RenewalsTable } from './database.ts';

export type RenewalRow = Selectable<RenewalsTable>;

export async function insertRenewal(
  trx: Db,
  r: {
    reviewId: number;
    requestedBy: number;
    previousExpires: string | null;
    newExpires: string;
    monitoredBy: string | null;
    reason: string;
    bug: string | null;
    at: Date;
  },
): Promise<RenewalRow> {
  return trx
    .insertInto('renewals')
    .values({
      review_id: r.reviewId,
      requested_by: r.requestedBy,
      previous_expires: r.previousExpires,
      new_expires: r.newExpires,
      monitored_by: r.monitoredBy,
      reason: r.reason,
      bug: r.bug,
      created_at: r.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The renewal, locked (its review is locked first by the caller). */
export const lockRenewal = (trx: Db, reviewId: number, id: number) =>
  trx
    .selectFrom('renewals')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export async function updateRenewal(
  trx: Db,
  id: number,
  patch: Partial<
    Pick<
      RenewalRow,
      | 'state'
      | 'steward_id'
      | 'outcome'
      | 'steward_review'
      | 'review_answers'
      | 'decided_at'
      | 'legal_trust_question'
      | 'legal_trust_asked_by'
      | 'legal_trust_asked_at'
      | 'legal_trust_answer'
      | 'legal_trust_answered_by'
      | 'legal_trust_answered_at'
    >
  >,
): Promise<RenewalRow> {
  const { review_answers, ...rest } = patch;
  return trx
    .updateTable('renewals')
    .set({
      ...rest,
      ...(review_answers === undefined ? {} : { review_answers: JSON.stringify(review_answers) }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Every renewal of a review, oldest first. */
export const listRenewals = (db: Db, reviewId: number) =>
  db.selectFrom('renewals').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();

/** The renewal waiting for a steward, if any. */
export const pendingRenewal = (db: Db, reviewId: number) =>
  db
    .selectFrom('renewals')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('state', '=', 'requested')
    .executeTakeFirst();

/** Renewals waiting for a steward, oldest first, with their review. */
export const waitingRenewals = (db: Db, limit: number) =>
  db
    .selectFrom('renewals as n')
    .innerJoin('reviews as r', 'r.id', 'n.review_id')
    .selectAll('n')
    .select(['r.key as review_key', 'r.title as review_title'])
    .where('n.state', '=', 'requested')
    .orderBy('n.id')
    .limit(limit)
    .execute();
