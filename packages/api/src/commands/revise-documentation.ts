import { contentHash, type DraftRequestForm, diffRevisions, nextRevisionNumber } from '@signoff/core';
import { getRevision, insertRevision, listSignOffs, updateReview } from '@signoff/db';
import { notify, signOffOwners, stepsOfReview } from '../notify.ts';
import { storeApprovedAreas } from './approved-areas.ts';
import type { ReviewCommandScope } from './review-command.ts';

/**
 * A new documentation revision, however it was written (saved form, Glean import): the revision, the review
 * at it, a notice to the facilitators whose sign-off it made stale (SPEC 5), and the audited diff.
 */
export async function reviseDocumentation(
  { ctx, trx, audit, actor, review }: ReviewCommandScope,
  form: DraftRequestForm,
) {
  const previous = await getRevision(trx, review.id, review.current_revision);
  const number = nextRevisionNumber(review.current_revision);
  const hash = contentHash(form);
  await insertRevision(trx, {
    reviewId: review.id,
    number,
    authorId: actor.personId,
    content: form,
    contentHash: hash,
    at: ctx.now(),
  });
  const updated = await updateReview(trx, review.id, { current_revision: number }, ctx.now());
  // A new revision makes every earlier sign-off stale (SPEC 5): no area approves it yet.
  await storeApprovedAreas(trx, review.id, number);
  // Every earlier sign-off is now stale: tell the owners of each such area's sign-off step (SPEC 15).
  const signedAreas = [...new Set((await listSignOffs(trx, review.id)).map((s) => s.area))];
  const steps = signedAreas.length ? await stepsOfReview(trx, ctx, review.id) : [];
  for (const area of signedAreas)
    await notify(trx, ctx, updated, signOffOwners(steps, area), {
      kind: 'sign_off_stale',
      area,
      revision: number,
    });
  await audit({
    action: 'documentation.revised',
    reviewId: review.id,
    subject: review.key,
    before: { revision: review.current_revision, contentHash: previous?.content_hash ?? null },
    after: {
      revision: number,
      contentHash: hash,
      changes: diffRevisions((previous?.content ?? {}) as DraftRequestForm, form),
    },
  });
  return { updated, number, contentHash: hash };
}
