import { describeExpiry, effectiveExpires, isExpired, parseExpiry } from '@signoff/core';
import { type Db, listRenewals, listStewardReviews, type ReviewRow } from '@signoff/db';
import { z } from 'zod';
import { currentForm } from './review-view.ts';

export const collectionPeriodSchema = z.object({
  /** What the documentation says (question 7). */
  formExpires: z.string().nullable(),
  /** What counts: the latest approved renewal, else the documentation. */
  expires: z.string().nullable(),
  description: z.string(),
  expired: z.boolean(),
});

/** The collection period of a review: the documentation's, extended by approved renewals. */
export async function collectionPeriodOf(
  db: Db,
  row: ReviewRow,
  now: Date,
): Promise<z.infer<typeof collectionPeriodSchema>> {
  const form = await currentForm(db, row);
  const formExpires = form.collectionPeriod?.expires?.trim() || null;
  const approved = (await listRenewals(db, row.id))
    .filter((n) => n.state === 'approved')
    .map((n) => ({ newExpires: n.new_expires }));
  const expires = effectiveExpires(formExpires, approved);
  // "6 months initially" counts from the first data-review+.
  const approvals = (await listStewardReviews(db, row.id)).filter((s) => s.outcome === 'data-review+');
  const startsOn = approvals.length
    ? new Date(Math.min(...approvals.map((s) => s.created_at.getTime()))).toISOString().slice(0, 10)
    : null;
  const expiry = parseExpiry(expires, startsOn);
  return { formExpires, expires, description: describeExpiry(expiry), expired: isExpired(expiry, now) };
}
