import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';

export const healthRouter = router({
  ping: publicProcedure.output(z.object({ ok: z.literal(true) })).query(() => ({ ok: true as const })),
});
