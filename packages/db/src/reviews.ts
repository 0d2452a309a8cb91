import type { Area, Channel, DefaultState, ExternalRefKind } from '@signoff/core';
import { sql } from 'kysely';
import type { Db, ReviewRow } from './database.ts';

export interface NewReview {
  productId: number;
  title: string;
  proposerId: number;
  requesterId: number;
  engineeringOwnerId: number | null;
  runsInExperiments: boolean;
  visibility: 'public' | 'private';
  privateReason: string | null;
  channels: { channel: Channel; defaultState: DefaultState }[];
  externalRefs: { kind: ExternalRefKind; value: string }[];
}

export async function insertReview(trx: Db, r: NewReview): Promise<ReviewRow> {
  const row = await trx
    .insertInto('reviews')
    .values({
      product_id: r.productId,
      title: r.title,
      proposer_id: r.proposerId,
      requester_id: r.requesterId,
      engineering_owner_id: r.engineeringOwnerId,
      runs_in_experiments: r.runsInExperiments,
      visibility: r.visibility,
      private_reason: r.privateReason,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('review_channels')
    .values(r.channels.map((c) => ({ review_id: row.id, channel: c.channel, default_state: c.defaultState })))
    .execute();
  if (r.externalRefs.length)
    await trx
      .insertInto('external_refs')
      .values(r.externalRefs.map((e) => ({ review_id: row.id, kind: e.kind, value: e.value })))
      .execute();
  return row;
}

/** `DR-42` or `42` → 42; anything else → null. */
export function parseReviewRef(ref: string | number): number | null {
  if (typeof ref === 'number') return Number.isSafeInteger(ref) && ref > 0 ? ref : null;
  const m = /^(?:DR-)?(\d{1,15})$/i.exec(ref.trim());
  const id = m ? Number(m[1]) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export const findReview = (db: Db, id: number) =>
  db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * The areas whose latest sign-off approves the current revision, as core's `areasApproved` decided them: a
 * derived column the commands keep (lists and inboxes read it), so it does not touch `updated_at`.
 */
export async function setApprovedAreas(trx: Db, id: number, areas: readonly Area[]): Promise<void> {
  await trx
    .updateTable('reviews')
    .set({ approved_areas: [...areas] })
    .where('id', '=', id)
    .where(sql<boolean>`approved_areas IS DISTINCT FROM ${sql.val([...areas])}::text[]`)
    .execute();
}

/** Locks the review's row: every mutation of one review is serialised behind it. */
export const lockReview = (trx: Db, id: number) =>
  trx.selectFrom('reviews').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function updateReview(
  trx: Db,
  id: number,
  patch: Partial<
    Pick<
      ReviewRow,
      | 'status'
      | 'category'
      | 'steward_outcome'
      | 'current_revision'
      | 'visibility'
      | 'submitted_at'
      | 'shipped_at'
      | 'sensitive_review_at'
      | 'title'
      | 'requested_steward_id'
    >
  >,
  at: Date,
): Promise<ReviewRow> {
  return trx
    .updateTable('reviews')
    .set((eb) => ({ ...patch, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const reviewChannels = (db: Db, reviewId: number) =>
  db.selectFrom('review_channels').selectAll().where('review_id', '=', reviewId).orderBy('channel').execute();

export const externalRefs = (db: Db, reviewId: number) =>
  db
    .selectFrom('external_refs')
    .selectAll()
    .where('review_id', '=', reviewId)
    .orderBy('kind')
    .orderBy('value')
    .execute();

/** Reviews named by an external reference, e.g. a bug number. */
export async function reviewIdsByExternalRef(
  db: Db,
  kind: ExternalRefKind,
  value: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('external_refs')
    .select('review_id')
    .where('kind', '=', kind)
    .where('value', '=', value)
    .orderBy('review_id')
    .execute();
  return rows.map((r) => r.review_id);
}

/** Everyone who takes part in a review (SPEC 10 participants). */
export async function participantIds(db: Db, review: ReviewRow): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    SELECT person_id AS id FROM area_reviewers WHERE review_id = ${review.id}
    UNION SELECT steward_id FROM steward_reviews WHERE review_id = ${review.id}
    UNION SELECT facilitator_id FROM sign_offs WHERE review_id = ${review.id}`.execute(db);
  const ids = new Set([review.proposer_id, review.requester_id, ...rows.rows.map((r) => r.id)]);
  if (review.engineering_owner_id !== null) ids.add(review.engineering_owner_id);
  return [...ids];
}

export async function productOwnerId(db: Db, productId: number): Promise<number> {
  const p = await db
    .selectFrom('products')
    .select('owner_id')
    .where('id', '=', productId)
    .executeTakeFirstOrThrow();
  return p.owner_id;
}
