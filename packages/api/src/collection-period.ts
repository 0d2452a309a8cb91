import { describeExpiry, effectiveExpires, isExpired, parseExpiry } from '@signoff/core';
import { type Db, listRenewals, type ReviewRow } from '@signoff/db';
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
  const expiry = parseExpiry(expires);
  return { formExpires, expires, description: describeExpiry(expiry), expired: isExpired(expiry, now) };
}
