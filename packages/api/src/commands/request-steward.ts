import { assertMayBeRequestedSteward, proposerSideIds, type ReviewRef } from '@signoff/core';
import type { Db, ReviewRow } from '@signoff/db';
import { z } from 'zod';
import { notify } from '../notify.ts';
import { reviewRef } from '../review-access.ts';
import { reviewRefSchema } from '../review-schemas.ts';
import { moveReviewInput } from './move-review.ts';
import { type PersonContext, type ReviewCommandScope, visibleReview } from './review-command.ts';

/**
 * Submitting names the data steward the proposer requests, as the `data-review?` flag's requestee is named in
 * Bugzilla; any data steward may still take the request.
 */
export const submitReviewInput = moveReviewInput.extend({
  /** A steward's id; null asks any data steward (clears an earlier request); left out keeps the last one. */
  requestedStewardId: z.number().int().positive().nullable().optional(),
});
export type SubmitReviewInput = z.infer<typeof submitReviewInput>;

/** Refuses a requested steward who is not an active data steward off the proposer's side (naming the field). */
export async function checkRequestedSteward(
  trx: Db,
  ref: ReviewRef,
  id: number | null | undefined,
): Promise<void> {
  if (id === undefined || id === null) return;
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

/** Records a changed request with its own audit event and tells the requested steward. */
export async function recordStewardRequest(
  { ctx, trx, audit, review }: ReviewCommandScope,
  input: SubmitReviewInput,
  updated: ReviewRow,
): Promise<void> {
  if (input.requestedStewardId === undefined) return;
  if (input.requestedStewardId === review.requested_steward_id) {
    // Asked again of the same steward: a resubmission tells them again, nothing else changed.
    if (input.requestedStewardId !== null)
      await notify(trx, ctx, updated, [input.requestedStewardId], { kind: 'steward_requested' });
    return;
  }
  await audit({
    action: 'review.steward_requested',
    reviewId: review.id,
    subject: review.key,
    before: { requestedStewardId: review.requested_steward_id },
    after: { requestedStewardId: input.requestedStewardId },
  });
  if (input.requestedStewardId !== null)
    await notify(trx, ctx, updated, [input.requestedStewardId], { kind: 'steward_requested' });
}

export const requestableStewardsInput = z.object({ review: reviewRefSchema.optional() }).strict().optional();
export const requestableStewardsOutput = z.array(z.object({ id: z.number(), name: z.string() }));

/**
 * The data stewards a proposer may request, by name: active stewards off the proposer's side of `review`
 * (its creator, data requester and engineering owner), or, for a review not yet created, other than the
 * caller, who will be its creator.
 */
export async function requestableStewards(
  ctx: PersonContext,
  input: z.infer<typeof requestableStewardsInput>,
): Promise<z.infer<typeof requestableStewardsOutput>> {
  const side =
    input?.review === undefined
      ? [ctx.principal.id]
      : proposerSideIds(reviewRef(await visibleReview(ctx, input.review)));
  const stewards = await ctx.db
    .selectFrom('people')
    .select(['id', 'display_name as name'])
    .where('is_steward', '=', true)
    .where('active', '=', true)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  return stewards.filter((s) => !side.includes(s.id));
}
