import {
  type Area,
  areaSchema,
  DomainError,
  MITIGATION_KINDS,
  MITIGATION_STATES,
  type MitigationMove,
  type MitigationState,
  moveMitigation,
} from '@signoff/core';
import { findMitigation, insertMitigation, updateMitigation } from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { facilitatorsOf, notify, proposersOf } from '../notify.ts';
import { lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const mitigationOutput = z.object({
  id: z.number(),
  area: areaSchema,
  kind: z.enum(MITIGATION_KINDS),
  description: z.string(),
  state: z.enum(MITIGATION_STATES),
  implementedRevision: z.number().nullable(),
  decisionNote: z.string().nullable(),
});
type MitigationRow = Awaited<ReturnType<typeof insertMitigation>>;
const out = (m: MitigationRow): z.infer<typeof mitigationOutput> => ({
  id: m.id,
  area: m.area as Area,
  kind: m.kind as z.infer<typeof mitigationOutput>['kind'],
  description: m.description,
  state: m.state as MitigationState,
  implementedRevision: m.implemented_revision,
  decisionNote: m.decision_note,
});

const newInput = z.object({
  review: reviewRefSchema,
  area: areaSchema,
  kind: z.enum(MITIGATION_KINDS),
  description: z.string().trim().min(1).max(10_000),
  idempotencyKey: idempotencyKeySchema,
});

/** Creates a mitigation by `request` (facilitator) or `propose` (proposer). */
function create(ctx: Context, input: z.infer<typeof newInput>, move: 'request' | 'propose') {
  const actor = requireActor(ctx.principal);
  return write(
    ctx,
    async (trx, audit) => {
      const row = await lockVisibleReview(trx, input.review, actor);
      const state = moveMitigation({
        actor,
        review: reviewRef(row),
        mitigation: { area: input.area, state: null },
        move,
        currentRevision: row.current_revision,
      });
      const m = await insertMitigation(trx, {
        reviewId: row.id,
        area: input.area,
        kind: input.kind,
        description: input.description,
        state,
        createdBy: actor.personId,
        at: ctx.now(),
      });
      if (move === 'request')
        await notify(trx, ctx, row, proposersOf(row), {
          kind: 'mitigation_requested',
          area: input.area,
          mitigationId: m.id,
        });
      await audit({
        action: `mitigation.${PAST[move]}`,
        reviewId: row.id,
        subject: `${row.key}:mitigation:${m.id}`,
        after: out(m),
      });
      return out(m);
    },
    { key: input.idempotencyKey, procedure: `mitigation.${move}` },
  );
}

const moveInput = z.object({
  review: reviewRefSchema,
  mitigationId: z.number().int().positive(),
  /** `implement`: the documentation revision that incorporates the mitigation. */
  revision: z.number().int().positive().optional(),
  /** `accept`/`reject`: why; `propose` of a requested one / `revise`: a new description. */
  note: z.string().trim().min(1).max(10_000).optional(),
  description: z.string().trim().min(1).max(10_000).optional(),
  idempotencyKey: idempotencyKeySchema,
});

const PAST: Record<MitigationMove, string> = {
  request: 'requested',
  propose: 'proposed',
  implement: 'implemented',
  accept: 'accepted',
  reject: 'rejected',
  revise: 'revised',
  withdraw: 'withdrawn',
};

/** Moves an existing mitigation one step of its state machine (SPEC 7). */
function moveExisting(ctx: Context, input: z.infer<typeof moveInput>, move: MitigationMove) {
  const actor = requireActor(ctx.principal);
  return write(
    ctx,
    async (trx, audit) => {
      const row = await lockVisibleReview(trx, input.review, actor);
      const m = await findMitigation(trx, row.id, input.mitigationId);
      if (!m)
        throw new DomainError('NOT_FOUND', `${row.key} has no mitigation ${input.mitigationId}`, {
          field: 'mitigationId',
        });
      if (move === 'reject' && !input.note)
        throw new DomainError('VALIDATION', 'note: a rejection says why', { field: 'note' });
      const state = moveMitigation({
        actor,
        review: reviewRef(row),
        mitigation: { area: m.area as Area, state: m.state as MitigationState },
        move,
        currentRevision: row.current_revision,
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
          ...((move === 'propose' || move === 'revise') && input.description
            ? { description: input.description }
            : {}),
        },
        ctx.now(),
      );
      if (move === 'implement')
        await notify(trx, ctx, row, await facilitatorsOf(trx, [m.area]), {
          kind: 'mitigation_awaits_acceptance',
          area: m.area as Area,
          mitigationId: m.id,
        });
      await audit({
        action: `mitigation.${PAST[move]}`,
        reviewId: row.id,
        subject: `${row.key}:mitigation:${m.id}`,
        before: out(m),
        after: out(updated),
      });
      return out(updated);
    },
    { key: input.idempotencyKey, procedure: `mitigation.${move}` },
  );
}

const moveProcedure = (move: MitigationMove) =>
  personProcedure
    .input(moveInput)
    .output(mitigationOutput)
    .mutation(({ ctx, input }) => moveExisting(ctx, input, move));

export const mitigationRouter = router({
  /** A facilitator asks the proposer for a mitigation in their area. */
  request: personProcedure
    .input(newInput)
    .output(mitigationOutput)
    .mutation(({ ctx, input }) => create(ctx, input, 'request')),
  /** The proposer proposes a new mitigation. */
  propose: personProcedure
    .input(newInput)
    .output(mitigationOutput)
    .mutation(({ ctx, input }) => create(ctx, input, 'propose')),
  /** The proposer answers a requested mitigation with a proposal. */
  proposeRequested: moveProcedure('propose'),
  implement: moveProcedure('implement'),
  accept: moveProcedure('accept'),
  reject: moveProcedure('reject'),
  revise: moveProcedure('revise'),
  withdraw: moveProcedure('withdraw'),
});
