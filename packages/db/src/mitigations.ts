import type { Area, MitigationKind, MitigationState } from '@signoff/core';
import type { Db } from './database.ts';

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
  return trx
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
}

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
