import { CHANNELS, canShipResultSchema } from '@signoff/core';
import { z } from 'zod';
import { reviewRefSchema } from './review-schemas.ts';

/** The gate's question and answer, shared by the tRPC router and the REST routes (apps/server). */
export const gateItemSchema = z.object({ review: reviewRefSchema, channel: z.enum(CHANNELS) });
export const gateAnswerSchema = z.union([
  canShipResultSchema,
  z.object({
    review: reviewRefSchema,
    channel: z.enum(CHANNELS),
    error: z.object({ code: z.literal('NOT_FOUND'), message: z.string() }),
  }),
]);
