import { DomainError, type ExistingMitigationMove, moveMitigation, ownersOf } from '@signoff/core';
import { addMitigationMessage, findMitigation, updateMitigation } from '@signoff/db';
import { z } from 'zod';
import { notify, stepsOfReview } from '../notify.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { MITIGATION_PAST, mitigationView } from './mitigation-view.ts';
import { reviewCommand } from './review-command.ts';

export const moveMitigationInput = z.object({
  review: reviewRefSchema,
  mitigationId: z.number().int().positive(),
  /** `implement`: the documentation revision that incorporates the mitigation. */
  revision: z.number().int().positive().optional(),
  /** `accept`/`reject`: why; `propose` of a requested one / `revise`: a new description. */
  note: z.string().trim().min(1).max(10_000).optional(),
  description: z.string().trim().min(1).max(10_000).optional(),
  idempotencyKey: idempotencyKeySchema,
});

/** Moves an existing mitigation one step of its state machine (SPEC 7). */
export const moveExistingMitigation = (move: ExistingMitigationMove) =>
  reviewCommand(
    `mitigation.${move}`,
    async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof moveMitigationInput>) => {
      const m = await findMitigation(trx, review.id, input.mitigationId);
      if (!m)
        throw new DomainError('NOT_FOUND', `${review.key} has no mitigation ${input.mitigationId}`, {
          field: 'mitigationId',
        });
      if (move === 'reject' && !input.note)
        throw new DomainError('VALIDATION', 'note: a rejection says why', { field: 'note' });
      const state = moveMitigation({
        actor,
        review: ref,
        mitigation: { area: m.area, state: m.state },
        move,
        currentRevision: review.current_revision,
        implementedInRevision: input.revision ?? null,
      });
      const updated = await updateMitigation(
        trx,
        m.id,
        {
          state,
          ...(move === 'implement' ? { implemented_revision: input.revision ?? null } : {}),
          ...(move === 'accept' || move === 'reject'
            ? { decision_note: input.note ?? null, decided_by: actor.personId }
            : {}),
        },
        ctx.now(),
      );
      // The reply joins the thread; the facilitator's request (the description) stays as it was.
      const body = input.description ?? input.note;
      if (body)
        await addMitigationMessage(trx, {
          mitigationId: m.id,
          authorId: actor.personId,
          move,
          body,
          at: ctx.now(),
        });
      // The owners of its next step: a facilitator of its area who may judge it (not one on the proposer's side).
      if (move === 'implement')
        await notify(
          trx,
          ctx,
          review,
          ownersOf(await stepsOfReview(trx, ctx, review.id), (s) => s.mitigationId === m.id),
          { kind: 'mitigation_awaits_acceptance', area: m.area, mitigationId: m.id },
        );
      await audit({
        action: `mitigation.${MITIGATION_PAST[move]}`,
        reviewId: review.id,
        subject: `${review.key}:mitigation:${m.id}`,
        before: mitigationView(m),
        after: mitigationView(updated),
      });
      return mitigationView(updated);
    },
  );
