import { sql } from 'kysely';
import type { Db } from './database.ts';

export interface AuditInput {
  /** 'review:<id>' for a review's chain, 'admin' for people/products/tokens. */
  stream: string;
  reviewId: number | null;
  actorId: number | null;
  actorLabel: string;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
  at: Date;
}

export interface HashedEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainHash = (prevHash: string, event: Record<string, unknown>) => string;

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of an event: exactly what is stored, so verify can recompute it. */
export const hashedContent = (e: AuditInput & { seq: number }) => ({
  stream: e.stream,
  seq: e.seq,
  reviewId: e.reviewId,
  actorId: e.actorId,
  actorLabel: e.actorLabel,
  action: e.action,
  subject: e.subject,
  before: e.before ?? null,
  after: e.after ?? null,
  at: e.at.toISOString(),
});

/**
 * Appends one event to its stream's hash chain. Call inside the transaction of the change it records;
 * the advisory lock serialises writers of one stream so the chain never forks.
 */
export async function appendAuditEvent(trx: Db, e: AuditInput, chainHash: ChainHash): Promise<HashedEvent> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${e.stream}, 0))`.execute(trx);
  const last = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('stream', '=', e.stream)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = chainHash(prevHash, hashedContent({ ...e, seq }));
  await trx
    .insertInto('audit_events')
    .values({
      stream: e.stream,
      seq,
      review_id: e.reviewId,
      actor_id: e.actorId,
      actor_label: e.actorLabel,
      action: e.action,
      subject: e.subject,
      before: JSON.stringify(e.before ?? null),
      after: JSON.stringify(e.after ?? null),
      at: e.at,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return { seq, prevHash, hash };
}

export async function listStreams(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('stream').distinct().orderBy('stream').execute();
  return rows.map((r) => r.stream);
}

export async function readStream(db: Db, stream: string) {
  return db.selectFrom('audit_events').selectAll().where('stream', '=', stream).orderBy('seq').execute();
}
