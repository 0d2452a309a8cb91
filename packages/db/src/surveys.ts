import type { Selectable } from 'kysely';
import type { Db, SurveyItemsTable, SurveysTable } from './database.ts';

export type SurveyRow = Selectable<SurveysTable>;
export type SurveyItemRow = Selectable<SurveyItemsTable>;

export async function insertSurvey(
  trx: Db,
  s: { year: number; openedBy: number; dueAt: Date; at: Date },
): Promise<SurveyRow> {
  return trx
    .insertInto('surveys')
    .values({ year: s.year, opened_by: s.openedBy, due_at: s.dueAt, created_at: s.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findSurvey = (db: Db, id: number) =>
  db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();

export const findSurveyByYear = (db: Db, year: number) =>
  db.selectFrom('surveys').selectAll().where('year', '=', year).executeTakeFirst();

export const listSurveys = (db: Db) => db.selectFrom('surveys').selectAll().orderBy('year', 'desc').execute();

/**
 * Every shipped collection with the people who may own its survey item: whoever the last answered survey
 * named responsible, the engineering owner, the requester (and whether each is still active).
 */
export const shippedCollections = (db: Db) =>
  db
    .selectFrom('reviews as r')
    .select((eb) => [
      'r.id',
      'r.key',
      'r.title',
      'r.requester_id',
      'r.engineering_owner_id',
      eb
        .selectFrom('survey_items as si')
        .select('si.responsible_id')
        .whereRef('si.review_id', '=', 'r.id')
        .where('si.state', '=', 'answered')
        .orderBy('si.answered_at', 'desc')
        .orderBy('si.id', 'desc')
        .limit(1)
        .as('last_responsible_id'),
    ])
    .where('r.status', '=', 'shipped')
    .orderBy('r.id')
    .execute();

export async function insertSurveyItems(
  trx: Db,
  surveyId: number,
  items: { reviewId: number; ownerId: number }[],
  at: Date,
): Promise<SurveyItemRow[]> {
  if (items.length === 0) return [];
  return trx
    .insertInto('survey_items')
    .values(
      items.map((i) => ({ survey_id: surveyId, review_id: i.reviewId, owner_id: i.ownerId, created_at: at })),
    )
    .returningAll()
    .execute();
}

export type SurveyItemFilter = 'all' | 'open' | 'answered' | 'overdue' | 'flagged';

/** The items of a survey with their review and people, by review; `now` decides what is overdue. */
export function listSurveyItems(
  db: Db,
  q: { surveyId: number; filter: SurveyItemFilter; now: Date; ownerId?: number; reviewId?: number },
) {
  let query = db
    .selectFrom('survey_items as i')
    .innerJoin('surveys as s', 's.id', 'i.survey_id')
    .innerJoin('reviews as r', 'r.id', 'i.review_id')
    .innerJoin('people as o', 'o.id', 'i.owner_id')
    .leftJoin('people as p', 'p.id', 'i.responsible_id')
    .selectAll('i')
    .select([
      's.year',
      's.due_at',
      'r.key as review_key',
      'r.title as review_title',
      'r.proposer_id',
      'r.requester_id',
      'r.engineering_owner_id',
      'o.display_name as owner_name',
      'o.email as owner_email',
      'p.display_name as responsible_name',
    ])
    .where('i.survey_id', '=', q.surveyId);
  if (q.ownerId !== undefined) query = query.where('i.owner_id', '=', q.ownerId);
  if (q.reviewId !== undefined) query = query.where('i.review_id', '=', q.reviewId);
  if (q.filter === 'answered') query = query.where('i.state', '=', 'answered');
  if (q.filter === 'open') query = query.where('i.state', '=', 'open').where('s.due_at', '>=', q.now);
  if (q.filter === 'overdue') query = query.where('i.state', '=', 'open').where('s.due_at', '<', q.now);
  if (q.filter === 'flagged')
    query = query.where('i.state', '=', 'answered').where('i.still_necessary', '=', false);
  return query.orderBy('i.review_id').execute();
}

/** Every survey item of one review, newest survey first. */
export const surveyItemsOfReview = (db: Db, reviewId: number) =>
  db
    .selectFrom('survey_items as i')
    .innerJoin('surveys as s', 's.id', 'i.survey_id')
    .innerJoin('people as o', 'o.id', 'i.owner_id')
    .leftJoin('people as p', 'p.id', 'i.responsible_id')
    .selectAll('i')
    .select(['s.year', 's.due_at', 'o.display_name as owner_name', 'p.display_name as responsible_name'])
    .where('i.review_id', '=', reviewId)
    .orderBy('s.year', 'desc')
    .execute();

export const lockSurveyItem = (trx: Db, id: number) =>
  trx.selectFrom('survey_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function updateSurveyItem(
  trx: Db,
  id: number,
  patch: Partial<
    Pick<
      SurveyItemRow,
      'owner_id' | 'state' | 'still_necessary' | 'reason' | 'responsible_id' | 'answered_by' | 'answered_at'
    >
  >,
): Promise<SurveyItemRow> {
  return trx
    .updateTable('survey_items')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markSurveyItemsReminded(trx: Db, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('survey_items')
    .set((eb) => ({ reminders_sent: eb('reminders_sent', '+', 1), last_reminded_at: at }))
    .where('id', 'in', [...ids])
    .execute();
}
