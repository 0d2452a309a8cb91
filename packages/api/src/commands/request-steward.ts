import { assertMayBeRequestedSteward, type ReviewRef } from '@signoff/core';
import type { Db, ReviewRow } from '@signoff/db';
import { z } from 'zod';
import { notify } from '../notify.ts';
import { moveReviewInput } from './move-review.ts';
import type { ReviewCommandScope } from './review-command.ts';

/**
 * Submitting names the data steward the proposer requests, as the `data-review?` flag's requestee is named in
 * Bugzilla; any data steward may still take the request.
 */
export const submitReviewInput = moveReviewInput.extend({
  requestedStewardId: z.number().int().positive().optional(),
});
export type SubmitReviewInput = z.infer<typeof submitReviewInput>;

/** Refuses a requested steward who is not an active data steward off the proposer's side (naming the field). */
export async function checkRequestedSteward(trx: Db, ref: ReviewRef, id: number | undefined): Promise<void> {
  if (id === undefined) return;
  const person = await trx
    .selectFrom('people')
    .select(['id', 'is_steward', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  assertMayBeRequestedSteward(
    person ? { id: person.id, isSteward: person.is_steward, active: person.active } : null,
    ref,
  );
}

/** The row's change: the requested steward when one is named (a resubmission without one keeps the last). */
export const requestedStewardPatch = (input: SubmitReviewInput) =>
  input.requestedStewardId === undefined ? {} : { requested_steward_id: input.requestedStewardId };

/** Records the request with its own audit event and tells the requested steward. */
export async function recordStewardRequest(
  { ctx, trx, audit, review }: ReviewCommandScope,
  input: SubmitReviewInput,
  updated: ReviewRow,
): Promise<void> {
  if (input.requestedStewardId === undefined) return;
  await audit({
    action: 'review.steward_requested',
    reviewId: review.id,
    subject: review.key,
    before: { requestedStewardId: review.requested_steward_id },
    after: { requestedStewardId: input.requestedStewardId },
  });
  await notify(trx, ctx, updated, [input.requestedStewardId], { kind: 'steward_requested' });
}
