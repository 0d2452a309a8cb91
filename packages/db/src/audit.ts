import { GENESIS_HASH } from '@signoff/core';
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

type AuditRow = Awaited<ReturnType<typeof readStream>>[number];

/** A stored event as a link of its chain: what verifyChain recomputes and compares. */
export const auditLink = (e: AuditRow) => ({
  id: e.id,
  prevHash: e.prev_hash,
  hash: e.hash,
  content: hashedContent({
    stream: e.stream,
    seq: e.seq,
    reviewId: e.review_id,
    actorId: e.actor_id,
    actorLabel: e.actor_label,
    action: e.action,
    subject: e.subject,
    before: e.before,
    after: e.after,
    at: e.at,
  }),
});

export interface ChainReport {
  streams: number;
  events: number;
  broken: { stream: string; id: number; seq: number; reason: string } | null;
}

/** Checks every stream's chain; stops at the first broken event. */
export async function verifyAuditChains(
  db: Db,
  verify: (links: ReturnType<typeof auditLink>[]) => { index: number; reason: string } | null,
): Promise<ChainReport> {
  let events = 0;
  const streams = await listStreams(db);
  for (const stream of streams) {
    const rows = await readStream(db, stream);
    events += rows.length;
    const broken = verify(rows.map(auditLink));
    if (broken) {
      const row = rows[broken.index]!;
      return {
        streams: streams.length,
        events,
        broken: { stream, id: row.id, seq: row.seq, reason: broken.reason },
      };
    }
  }
  return { streams: streams.length, events, broken: null };
}
