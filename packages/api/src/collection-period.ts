import {
  type DraftRequestForm,
  describeExpiry,
  effectiveExpires,
  isExpired,
  parseExpiry,
} from '@signoff/core';
import { type Db, getRevision, listRenewals, listStewardReviews, type ReviewRow } from '@signoff/db';
import { z } from 'zod';

export const collectionPeriodSchema = z.object({
  /** What the documentation says (question 7). */
  formExpires: z.string().nullable(),
  /** What counts: the latest approved renewal, else the documentation. */
  expires: z.string().nullable(),
  description: z.string(),
  expired: z.boolean(),
});
export type CollectionPeriod = z.infer<typeof collectionPeriodSchema>;

/** The collection period from what the review holds: the documentation's, extended by approved renewals. */
export function collectionPeriodFrom(
  form: DraftRequestForm,
  renewals: readonly { state: string; new_expires: string }[],
  stewardReviews: readonly { outcome: string; created_at: Date }[],
  now: Date,
): CollectionPeriod {
  const formExpires = form.collectionPeriod?.expires?.trim() || null;
  const approved = renewals.filter((n) => n.state === 'approved').map((n) => ({ newExpires: n.new_expires }));
  const expires = effectiveExpires(formExpires, approved);
  // "6 months initially" counts from the first data-review+.
  const approvals = stewardReviews.filter((s) => s.outcome === 'data-review+');
  const startsOn = approvals.length
    ? new Date(Math.min(...approvals.map((s) => s.created_at.getTime()))).toISOString().slice(0, 10)
    : null;
  const expiry = parseExpiry(expires, startsOn);
  return { formExpires, expires, description: describeExpiry(expiry), expired: isExpired(expiry, now) };
}

/** The collection period of a review, loaded on its own (renewals; the whole-review loader has it already). */
export async function collectionPeriodOf(db: Db, row: ReviewRow, now: Date): Promise<CollectionPeriod> {
  const [revision, renewals, stewardReviews] = await Promise.all([
    row.current_revision > 0 ? getRevision(db, row.id, row.current_revision) : undefined,
    listRenewals(db, row.id),
    listStewardReviews(db, row.id),
  ]);
  return collectionPeriodFrom((revision?.content ?? {}) as DraftRequestForm, renewals, stewardReviews, now);
}
