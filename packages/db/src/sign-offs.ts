import type { Area, Risk, SignOffDecision } from '@signoff/core';
import type { Db } from './database.ts';

export async function insertSignOff(
  trx: Db,
  s: {
    reviewId: number;
    area: Area;
    revision: number;
    facilitatorId: number;
    risk: Risk;
    decision: SignOffDecision;
    rationale: string;
    precedentReviewId: number | null;
    trustApproval: boolean;
    reconfirmsId: number | null;
    at: Date;
  },
) {
  return trx
    .insertInto('sign_offs')
    .values({
      review_id: s.reviewId,
      area: s.area,
      revision: s.revision,
      facilitator_id: s.facilitatorId,
      risk: s.risk,
      decision: s.decision,
      rationale: s.rationale,
      precedent_review_id: s.precedentReviewId,
      trust_approval: s.trustApproval,
      reconfirms_id: s.reconfirmsId,
      created_at: s.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Every sign-off of a review, oldest first (the latest per area is the one that counts). */
export const listSignOffs = (db: Db, reviewId: number) =>
  db.selectFrom('sign_offs').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();

export async function addReviewer(
  trx: Db,
  r: { reviewId: number; area: Area; personId: number; addedBy: number },
) {
  return trx
    .insertInto('area_reviewers')
    .values({ review_id: r.reviewId, area: r.area, person_id: r.personId, added_by: r.addedBy })
    .onConflict((oc) => oc.doNothing())
    .returning(['area', 'person_id'])
    .executeTakeFirst();
}

export const listReviewers = (db: Db, reviewId: number) =>
  db
    .selectFrom('area_reviewers')
    .innerJoin('people', 'people.id', 'area_reviewers.person_id')
    .select(['area_reviewers.area', 'area_reviewers.person_id', 'people.display_name', 'people.email'])
    .where('review_id', '=', reviewId)
    .orderBy('area')
    .orderBy('person_id')
    .execute();

export async function insertComment(
  trx: Db,
  c: {
    reviewId: number;
    area: Area | null;
    authorId: number;
    body: string;
    at: Date;
    replyTo?: number | null;
  },
) {
  return trx
    .insertInto('comments')
    .values({
      review_id: c.reviewId,
      area: c.area,
      author_id: c.authorId,
      body: c.body,
      created_at: c.at,
      reply_to: c.replyTo ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The review and area of a comment, to check that a reply stays in its thread. */
export const getComment = (db: Db, id: number) =>
  db.selectFrom('comments').select(['id', 'review_id', 'area']).where('id', '=', id).executeTakeFirst();

export const listComments = (db: Db, reviewId: number) =>
  db
    .selectFrom('comments')
    .innerJoin('people', 'people.id', 'comments.author_id')
    .selectAll('comments')
    .select('people.display_name as author_name')
    .where('review_id', '=', reviewId)
    .orderBy('comments.id')
    .execute();
