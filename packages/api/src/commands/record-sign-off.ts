import { areaSchema, assertMayRecordSignOff, signOffInputSchema } from '@signoff/core';
import { insertSignOff, listSignOffs } from '@signoff/db';
import type { z } from 'zod';
import { notify, notifySignOffTurns, proposersOf, stepsOfReview } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { storeApprovedAreas } from './approved-areas.ts';
import { reviewCommand } from './review-command.ts';
import { assertReadablePrecedent, resolvedAreas, signOffFacts, signOffView } from './sign-off-view.ts';

export const recordSignOffInput = signOffInputSchema.extend({
  review: reviewRefSchema,
  area: areaSchema,
  idempotencyKey: idempotencyKeySchema,
});

/** A facilitator records the area's decision on the current revision (SPEC 5). */
export const recordSignOff = reviewCommand(
  'signOff.record',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof recordSignOffInput>) => {
    assertMayRecordSignOff({
      actor,
      area: input.area,
      review: ref,
      signOffs: signOffFacts(await listSignOffs(trx, review.id)),
      currentRevision: review.current_revision,
      resolvedByEscalation: await resolvedAreas(trx, review.id),
      input,
    });
    await assertReadablePrecedent(trx, actor, review.id, input.precedentReviewId);
    const before = await stepsOfReview(trx, ctx, review.id);
    const s = await insertSignOff(trx, {
      reviewId: review.id,
      area: input.area,
      revision: review.current_revision,
      facilitatorId: actor.personId,
      risk: input.risk,
      decision: input.decision,
      rationale: input.rationale,
      precedentReviewId: input.precedentReviewId,
      trustApproval: input.trustApproval,
      reconfirmsId: null,
      at: ctx.now(),
    });
    await storeApprovedAreas(trx, review.id, review.current_revision);
    const view = signOffView(s, ctx.principal.displayName);
    await notify(trx, ctx, review, proposersOf(review), {
      kind: 'area_decision',
      area: input.area,
      decision: input.decision,
    });
    await notifySignOffTurns(trx, ctx, review, before);
    await audit({
      action: 'sign_off.recorded',
      reviewId: review.id,
      subject: `${review.key}:${input.area}`,
      after: view,
    });
    return view;
  },
);
