import type { Area, EscalationDecision, EscalationLevel, EscalationState, MeetingState } from '@signoff/core';
import { sql } from 'kysely';
import type { Db } from './database.ts';

export async function insertEscalation(
  trx: Db,
  e: {
    reviewId: number;
    openedBy: number;
    facilitatorId: number;
    areas: Area[];
    question: string;
    at: Date;
  },
) {
  return trx
    .insertInto('escalations')
    .values({
      review_id: e.reviewId,
      opened_by: e.openedBy,
      facilitator_id: e.facilitatorId,
      areas: e.areas,
      question: e.question,
      created_at: e.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The escalation with its row locked (its review is locked first by the caller). */
export const lockEscalation = (trx: Db, reviewId: number, id: number) =>
  trx
    .selectFrom('escalations')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export async function updateEscalation(
  trx: Db,
  id: number,
  patch: Partial<{
    level: EscalationLevel;
    state: EscalationState;
    papers_shared_at: Date;
    decision: EscalationDecision;
    rationale: string;
    decided_by: number;
    decided_at: Date;
  }>,
) {
  return trx
    .updateTable('escalations')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const listEscalations = (db: Db, reviewId: number) =>
  db.selectFrom('escalations').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();

/** Appends a new version of the author's paper. */
export async function insertPositionPaper(
  trx: Db,
  p: { escalationId: number; authorId: number; body: string; at: Date },
) {
  return trx
    .insertInto('position_papers')
    .values({
      escalation_id: p.escalationId,
      author_id: p.authorId,
      body: p.body,
      created_at: p.at,
      version: sql<number>`(SELECT coalesce(max(version), 0) + 1 FROM position_papers WHERE escalation_id = ${p.escalationId} AND author_id = ${p.authorId})`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The current (latest) paper of each author. */
export const currentPositionPapers = (db: Db, escalationId: number) =>
  db
    .selectFrom('position_papers as p')
    .innerJoin('people', 'people.id', 'p.author_id')
    .selectAll('p')
    .select('people.display_name as author_name')
    .where('p.escalation_id', '=', escalationId)
    .where(({ eb, selectFrom }) =>
      eb(
        'p.version',
        '=',
        selectFrom('position_papers as q')
          .select(({ fn }) => fn.max('q.version').as('v'))
          .whereRef('q.escalation_id', '=', 'p.escalation_id')
          .whereRef('q.author_id', '=', 'p.author_id'),
      ),
    )
    .orderBy('p.author_id')
    .execute();

export async function insertEscalationComment(
  trx: Db,
  c: { escalationId: number; authorId: number; body: string; at: Date; replyTo?: number | null },
) {
  return trx
    .insertInto('escalation_comments')
    .values({
      escalation_id: c.escalationId,
      author_id: c.authorId,
      body: c.body,
      created_at: c.at,
      reply_to: c.replyTo ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const getEscalationComment = (db: Db, id: number) =>
  db
    .selectFrom('escalation_comments')
    .select(['id', 'escalation_id'])
    .where('id', '=', id)
    .executeTakeFirst();

export const listEscalationComments = (db: Db, escalationId: number) =>
  db
    .selectFrom('escalation_comments as c')
    .innerJoin('people', 'people.id', 'c.author_id')
    .selectAll('c')
    .select('people.display_name as author_name')
    .where('c.escalation_id', '=', escalationId)
    .orderBy('c.id')
    .execute();

export async function insertEscalationMeeting(
  trx: Db,
  m: { escalationId: number; scheduledFor: Date; agenda: string; at: Date },
) {
  return trx
    .insertInto('escalation_meetings')
    .values({
      escalation_id: m.escalationId,
      state: 'scheduled',
      scheduled_for: m.scheduledFor,
      agenda: m.agenda,
      created_at: m.at,
      updated_at: m.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findEscalationMeeting = (db: Db, escalationId: number, id: number) =>
  db
    .selectFrom('escalation_meetings')
    .selectAll()
    .where('escalation_id', '=', escalationId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function updateEscalationMeeting(
  trx: Db,
  id: number,
  patch: { state: MeetingState; notes?: string },
  at: Date,
) {
  return trx
    .updateTable('escalation_meetings')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const listEscalationMeetings = (db: Db, escalationId: number) =>
  db
    .selectFrom('escalation_meetings')
    .selectAll()
    .where('escalation_id', '=', escalationId)
    .orderBy('id')
    .execute();
