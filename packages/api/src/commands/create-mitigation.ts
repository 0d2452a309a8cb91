import { areaSchema, MITIGATION_KINDS, moveMitigation, ownersOf } from '@signoff/core';
import { insertMitigation } from '@signoff/db';
import { z } from 'zod';
import { notify, stepsOfReview } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { MITIGATION_PAST, mitigationView } from './mitigation-view.ts';
import { reviewCommand } from './review-command.ts';

export const createMitigationInput = z.object({
  review: reviewRefSchema,
  area: areaSchema,
  kind: z.enum(MITIGATION_KINDS),
  description: z.string().trim().min(1).max(10_000),
  idempotencyKey: idempotencyKeySchema,
});

/** Creates a mitigation by `request` (a facilitator asks the proposer) or `propose` (the proposer offers one). */
export const createMitigation = (move: 'request' | 'propose') =>
  reviewCommand(
    `mitigation.${move}`,
    async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof createMitigationInput>) => {
      const state = moveMitigation({
        actor,
        review: ref,
        mitigation: { area: input.area, state: null },
        move,
        currentRevision: review.current_revision,
      });
      const m = await insertMitigation(trx, {
        reviewId: review.id,
        area: input.area,
        kind: input.kind,
        description: input.description,
        state,
        createdBy: actor.personId,
        at: ctx.now(),
      });
      if (move === 'request')
        // The owners of its next step: the proposer's side proposes how to carry it out.
        await notify(
          trx,
          ctx,
          review,
          ownersOf(await stepsOfReview(trx, ctx, review.id), (s) => s.mitigationId === m.id),
          {
            kind: 'mitigation_requested',
            area: input.area,
            mitigationId: m.id,
          },
        );
      await audit({
        action: `mitigation.${MITIGATION_PAST[move]}`,
        reviewId: review.id,
        subject: `${review.key}:mitigation:${m.id}`,
        after: mitigationView(m),
      });
      return mitigationView(m);
    },
  );
