import { BLOCKER_CODES, canShipResultSchema, DomainError } from '@signoff/core';
import { z } from 'zod';
import { answerGate, lookupByBug } from '../gate.ts';
import { gateAnswerSchema, gateItemSchema } from '../gate-schemas.ts';
import { router, scopedProcedure } from '../trpc.ts';

export const gateProcedure = scopedProcedure('gate:read');

export const gateRouter = router({
  /** "Can this ship on this channel?" (SPEC 11). */
  canShip: gateProcedure
    .input(gateItemSchema)
    .output(canShipResultSchema)
    .query(async ({ ctx, input }) => {
      const [answer] = await answerGate(ctx, ctx.principal, [input]);
      if (!answer || 'error' in answer) throw new DomainError('NOT_FOUND', 'Review not found.');
      return answer;
    }),

  check: gateProcedure
    .input(z.object({ items: z.array(gateItemSchema).min(1).max(1000) }))
    .output(z.object({ results: z.array(gateAnswerSchema) }))
    .query(async ({ ctx, input }) => ({
      results: await answerGate(ctx, ctx.principal, input.items),
    })),

  lookup: gateProcedure
    .input(
      z.object({
        bug: z
          .string()
          .trim()
          .regex(/^\d{1,12}$/, 'a bug number'),
      }),
    )
    .output(z.object({ reviews: z.array(z.object({ reviewId: z.number(), key: z.string() })) }))
    .query(async ({ ctx, input }) => ({ reviews: await lookupByBug(ctx.db, ctx.principal, input.bug) })),

  /** The stable blocker codes and what each means. */
  blockerCodes: gateProcedure
    .output(z.array(z.object({ code: z.string(), description: z.string() })))
    .query(() => Object.entries(BLOCKER_CODES).map(([code, description]) => ({ code, description }))),
});
