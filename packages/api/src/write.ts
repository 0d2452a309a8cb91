import { chainHash, DomainError } from '@signoff/core';
import { appendAuditEvent, type Db } from '@signoff/db';
import { sql } from 'kysely';
import type { Context, Principal } from './context.ts';
import { storeStepSummaries } from './step-summary.ts';

export interface AuditRecord {
  action: string;
  reviewId?: number | null;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
  /** The hash chain: by default the review's (`review:<id>`), else `admin`; e.g. `code-revision:<id>`. */
  stream?: string;
}

export type Audit = (r: AuditRecord) => Promise<void>;

export const auditActorOf = (p: Principal | null): { id: number | null; label: string } => {
  if (!p) return { id: null, label: 'anonymous' };
  if (p.kind === 'person') return { id: p.id, label: p.email };
  if (p.kind === 'token') return { id: p.personId, label: `token:${p.tokenId}` };
  return { id: null, label: `system:${p.label}` };
};

export interface Idempotency {
  key: string | undefined;
  procedure: string;
}

/**
 * Every write: one transaction that holds the change and its audit event(s); if either fails, nothing
 * is written. With an idempotency key, a repeated call returns the first result and writes nothing again.
 */
export function write<T>(
  ctx: Context,
  fn: (trx: Db, audit: Audit) => Promise<T>,
  idempotency?: Idempotency,
): Promise<T> {
  const actor = auditActorOf(ctx.principal);
  const at = ctx.now();
  const reviews = new Set<number>();
  let adminEvents = false;
  const committed = ctx.db.transaction().execute(async (trx) => {
    const key = idempotency?.key;
    if (idempotency && key !== undefined) {
      // Concurrent repeats of one key wait here for the first to commit, then find its result.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${actor.label} ${key}`}, 2))`.execute(trx);
      const seen = await trx
        .selectFrom('idempotency_keys')
        .select(['procedure', 'result'])
        .where('actor_label', '=', actor.label)
        .where('key', '=', key)
        .executeTakeFirst();
      if (seen) {
        if (seen.procedure !== idempotency.procedure)
          throw new DomainError('CONFLICT', `idempotency key ${key} was already used for ${seen.procedure}`, {
            field: 'idempotencyKey',
          });
        return seen.result as T;
      }
    }
    const audit: Audit = async (r) => {
      const reviewId = r.reviewId ?? null;
      if (reviewId !== null) reviews.add(reviewId);
      else if (r.stream === undefined) adminEvents = true;
      await appendAuditEvent(
        trx,
        {
          stream: r.stream ?? (reviewId === null ? 'admin' : `review:${reviewId}`),
          reviewId,
          actorId: actor.id,
          actorLabel: actor.label,
          action: r.action,
          subject: r.subject ?? null,
          before: r.before ?? null,
          after: r.after ?? null,
          at,
        },
        chainHash,
      );
    };
    const result = await fn(trx, audit);
    // The stored summary of the open steps of every review this command wrote (issue 13; migrations/0034).
    await storeStepSummaries(trx, [...reviews], at);
    if (idempotency && key !== undefined)
      await trx
        .insertInto('idempotency_keys')
        .values({
          actor_label: actor.label,
          key,
          procedure: idempotency.procedure,
          result: JSON.stringify(result ?? null),
        })
        .execute();
    return result;
  });
  const cache = ctx.cache;
  if (!cache) return committed;
  return committed.then((result) => {
    cache.committed(reviews, adminEvents);
    return result;
  });
}
