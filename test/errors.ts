import { TRPCError } from '@trpc/server';

/** Awaits a call and returns its tRPC error code ('OK' when it succeeded) and message. */
export async function outcome(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await p;
    return { code: 'OK', message: '', details: null };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    return {
      code: e.code,
      message: e.message,
      details: (e.cause as { details?: unknown } | undefined)?.details ?? null,
    };
  }
}
