import type { Db } from './database.ts';

/** A data steward's escalation to Trust and Legal (review.md Q7, Q9), waiting for their answer. */
export const insertLegalTrustQuestion = (
  trx: Db,
  q: { reviewId: number; stewardReviewId: number; reasons: string[]; at: Date },
) =>
  trx
    .insertInto('legal_trust_questions')
    .values({
      review_id: q.reviewId,
      steward_review_id: q.stewardReviewId,
      reasons: JSON.stringify(q.reasons),
      state: 'open',
      created_at: q.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

export const listLegalTrustQuestions = (db: Db, reviewId: number) =>
  db
    .selectFrom('legal_trust_questions')
    .selectAll()
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();

/** Answers every open question of the review at once (one answer settles the steward's escalation). */
export const answerLegalTrustQuestions = (
  trx: Db,
  a: { reviewId: number; answer: string; answeredBy: number; at: Date },
) =>
  trx
    .updateTable('legal_trust_questions')
    .set({ state: 'answered', answer: a.answer, answered_by: a.answeredBy, answered_at: a.at })
    .where('review_id', '=', a.reviewId)
    .where('state', '=', 'open')
    .returningAll()
    .execute();
