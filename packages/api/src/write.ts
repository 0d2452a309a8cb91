import { chainHash } from '@signoff/core';
import { appendAuditEvent, type Db } from '@signoff/db';
import type { Context, Principal } from './context.ts';

export interface AuditRecord {
  action: string;
  reviewId?: number | null;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
}

export const actorOf = (p: Principal | null): { id: number | null; label: string } => {
  if (!p) return { id: null, label: 'anonymous' };
  if (p.kind === 'person') return { id: p.id, label: p.email };
  if (p.kind === 'token') return { id: p.personId, label: `token:${p.tokenId}` };
  return { id: null, label: `system:${p.label}` };
};

/**
 * Every write: one transaction that holds the change and its audit event(s).
 * If the change or the audit append fails, nothing is written.
 */
export function write<T>(
  ctx: Context,
  fn: (trx: Db, audit: (r: AuditRecord) => Promise<void>) => Promise<T>,
): Promise<T> {
  const actor = actorOf(ctx.principal);
  const at = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const audit = async (r: AuditRecord) => {
      const reviewId = r.reviewId ?? null;
      await appendAuditEvent(
        trx,
        {
          stream: reviewId === null ? 'admin' : `review:${reviewId}`,
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
    return fn(trx, audit);
  });
}
