import { areaSchema, planReconfirmation } from '@signoff/core';
import { insertSignOff, listSignOffs } from '@signoff/db';
import { z } from 'zod';
import { notifySignOffTurns, stepsOfReview } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { storeApprovedAreas } from './approved-areas.ts';
import { reviewCommand } from './review-command.ts';
import { resolvedAreas, signOffFacts, signOffView } from './sign-off-view.ts';

export const reconfirmSignOffInput = z.object({
  review: reviewRefSchema,
  area: areaSchema,
  idempotencyKey: idempotencyKeySchema,
});

/** One action: carry a stale sign-off to the current revision unchanged. */
export const reconfirmSignOff = reviewCommand(
  'signOff.reconfirm',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof reconfirmSignOffInput>) => {
    const rows = await listSignOffs(trx, review.id);
    const plan = planReconfirmation({
      actor,
      area: input.area,
      review: ref,
      signOffs: signOffFacts(rows),
      currentRevision: review.current_revision,
      resolvedByEscalation: await resolvedAreas(trx, review.id),
    });
    const before = await stepsOfReview(trx, ctx, review.id);
    const previous = rows.filter((s) => s.area === input.area).at(-1)!;
    const s = await insertSignOff(trx, {
      reviewId: review.id,
      area: input.area,
      revision: plan.revision,
      facilitatorId: actor.personId,
      risk: plan.risk,
      decision: plan.decision,
      rationale: previous.rationale,
      precedentReviewId: previous.precedent_review_id,
      trustApproval: plan.trustApproval,
      reconfirmsId: previous.id,
      at: ctx.now(),
    });
    await storeApprovedAreas(trx, review.id, review.current_revision);
    const view = signOffView(s, ctx.principal.displayName);
    await notifySignOffTurns(trx, ctx, review, before);
    await audit({
      action: 'sign_off.reconfirmed',
      reviewId: review.id,
      subject: `${review.key}:${input.area}`,
      before: { revision: plan.reconfirmsRevision },
      after: view,
    });
    return view;
  },
);
