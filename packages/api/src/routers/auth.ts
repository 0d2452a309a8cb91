import { afterFailure, DomainError, isLocked } from '@signoff/core';
import {
  clearThrottle,
  findPersonByEmail,
  insertSession,
  lockThrottle,
  revokeSession,
  saveThrottle,
} from '@signoff/db';
import { z } from 'zod';
import { newToken, verifyPassword } from '../auth/secrets.ts';
import { emailSchema, personOutput } from '../schemas.ts';
import { personProcedure, publicProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const BAD_CREDENTIALS = 'invalid email or password';

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ email: emailSchema, password: z.string().min(1).max(200) }))
    .output(z.object({ token: z.string(), expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const outcome = await write(ctx, async (trx, audit) => {
        const throttle = await lockThrottle(trx, input.email);
        const state = throttle && {
          failures: throttle.failures,
          lastFailure: throttle.last_failure,
          lockedUntil: throttle.locked_until,
        };
        if (isLocked(state ?? undefined, now)) return { kind: 'locked' as const };
        const person = await findPersonByEmail(trx, input.email);
        const ok = await verifyPassword(person?.active ? person.password_hash : null, input.password);
        if (!ok || !person) {
          const next = afterFailure(state ?? undefined, now);
          await saveThrottle(trx, input.email, next.failures, next.lastFailure, next.lockedUntil);
          return { kind: 'refused' as const };
        }
        if (throttle) await clearThrottle(trx, input.email);
        const { token, hash } = newToken('session');
        const expiresAt = new Date(now.getTime() + ctx.settings.sessionTtlHours * 3_600_000);
        const session = await insertSession(trx, person.id, hash, expiresAt);
        await audit({
          action: 'person.signed_in',
          subject: `person:${person.id}`,
          after: { sessionId: session.id },
        });
        return { kind: 'ok' as const, token, expiresAt };
      });
      // Refusals are committed (the failure count must persist) and then reported.
      if (outcome.kind === 'locked')
        throw new DomainError('RATE_LIMITED', 'too many failed sign-ins for this email; try again later');
      if (outcome.kind === 'refused') throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
      return { token: outcome.token, expiresAt: outcome.expiresAt };
    }),

  signOut: personProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await write(ctx, async (trx, audit) => {
      await revokeSession(trx, ctx.principal.sessionId, ctx.now());
      await audit({ action: 'person.signed_out', subject: `person:${ctx.principal.id}` });
    });
    return { ok: true as const };
  }),

  /** Turn the non-essential notifications on or off (announcements and reminders always go out). */
  setNotifications: personProcedure
    .input(z.object({ enabled: z.boolean() }))
    .output(z.object({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        await trx
          .updateTable('people')
          .set({ notifications: input.enabled })
          .where('id', '=', ctx.principal.id)
          .execute();
        await audit({
          action: 'person.notifications_changed',
          subject: `person:${ctx.principal.id}`,
          after: input,
        });
        return input;
      }),
    ),

  me: personProcedure.output(personOutput).query(({ ctx }) => {
    const p = ctx.principal;
    return {
      id: p.id,
      email: p.email,
      displayName: p.displayName,
      active: true,
      isAdmin: p.isAdmin,
      isSteward: p.isSteward,
      executiveRole: p.executiveRole,
      facilitatorAreas: p.facilitatorAreas,
    };
  }),
});
