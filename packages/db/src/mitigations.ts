import type { Area, MitigationKind, MitigationState, MitigationThreadMove } from '@signoff/core';
import type { Db } from './database.ts';

/** A mitigation and the first message of its thread (the text it was created with), in the caller's transaction. */
export async function insertMitigation(
  trx: Db,
  m: {
    reviewId: number;
    area: Area;
    kind: MitigationKind;
    description: string;
    state: MitigationState;
    createdBy: number;
    at: Date;
    escalationId?: number;
  },
) {
  const row = await trx
    .insertInto('mitigations')
    .values({
      review_id: m.reviewId,
      area: m.area,
      kind: m.kind,
      description: m.description,
      state: m.state,
      created_by: m.createdBy,
      created_at: m.at,
      updated_at: m.at,
      escalation_id: m.escalationId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addMitigationMessage(trx, {
    mitigationId: row.id,
    authorId: m.createdBy,
    move: 'open',
    body: m.description,
    at: m.at,
  });
  return row;
}

/** One message of a mitigation's exchange (a request, a reply, a note on accepting or rejecting). */
export const addMitigationMessage = (
  trx: Db,
  m: { mitigationId: number; authorId: number; move: MitigationThreadMove; body: string; at: Date },
) =>
  trx
    .insertInto('mitigation_messages')
    .values({
      mitigation_id: m.mitigationId,
      author_id: m.authorId,
      move: m.move,
      body: m.body,
      created_at: m.at,
    })
    .execute();

/** The threads of a review's mitigations, oldest message first, with their authors' names. */
export const listMitigationMessages = (db: Db, reviewId: number) =>
  db
    .selectFrom('mitigation_messages as mm')
    .innerJoin('mitigations as m', 'm.id', 'mm.mitigation_id')
    .innerJoin('people as p', 'p.id', 'mm.author_id')
    .select([
      'mm.id',
      'mm.mitigation_id',
      'mm.author_id',
      'p.display_name as author_name',
      'mm.move',
      'mm.body',
      'mm.created_at',
    ])
    .where('m.review_id', '=', reviewId)
    .orderBy('mm.id')
    .execute();

export const findMitigation = (db: Db, reviewId: number, id: number) =>
  db
    .selectFrom('mitigations')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function updateMitigation(
  trx: Db,
  id: number,
  patch: {
    state: MitigationState;
    implemented_revision?: number | null;
    decision_note?: string | null;
    decided_by?: number | null;
    description?: string;
  },
  at: Date,
) {
  return trx
    .updateTable('mitigations')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const listMitigations = (db: Db, reviewId: number) =>
  db.selectFrom('mitigations').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();
