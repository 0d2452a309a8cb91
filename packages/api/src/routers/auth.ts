import {
  ALWAYS_SENT_MAIL,
  afterFailure,
  DEFAULT_THROTTLE,
  DomainError,
  isLocked,
  NOTIFICATION_KIND_KEYS,
  NOTIFICATION_KINDS,
  type NotificationKind,
  wantsNotification,
} from '@signoff/core';
import {
  clearThrottle,
  findPersonByEmail,
  findThrottle,
  insertSession,
  lockThrottle,
  purgeThrottle,
  revokeSession,
  revokeSessionsOf,
  saveThrottle,
  setPasswordHash,
} from '@signoff/db';
import { z } from 'zod';
import { passwordProblemFor } from '../auth/common-passwords.ts';
import { hashPassword, newToken, verifyPassword } from '../auth/secrets.ts';
import { signInLimiter } from '../auth/sign-in-limiter.ts';
import { setMutedKinds } from '../notification-preferences.ts';
import { emailSchema, personOutput } from '../schemas.ts';
import { personProcedure, publicProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const BAD_CREDENTIALS = 'invalid email or password';
const lockedOut = () =>
  new DomainError(
    'RATE_LIMITED',
    'too many failed sign-ins for this email from this address; try again later',
  );

const preferencesOutput = z.object({
  /** True while some optional kind of mail is on. */
  notifications: z.boolean(),
  /** Each optional kind of mail, in the words of the mail, and whether it is on. */
  kinds: z.array(
    z.object({
      kind: z.enum(NOTIFICATION_KIND_KEYS as [NotificationKind, ...NotificationKind[]]),
      label: z.string(),
      enabled: z.boolean(),
    }),
  ),
  /** What is always sent, in plain words. */
  alwaysSent: z.array(z.string()),
});

const preferencesOf = (muted: readonly string[]) => {
  const kinds = NOTIFICATION_KIND_KEYS.map((kind) => ({
    kind,
    label: NOTIFICATION_KINDS[kind],
    enabled: wantsNotification(muted, kind),
  }));
  return { notifications: kinds.some((k) => k.enabled), kinds, alwaysSent: [...ALWAYS_SENT_MAIL] };
};

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ email: emailSchema, password: z.string().min(1).max(200) }))
    .output(z.object({ token: z.string(), expiresAt: z.date(), mustChangePassword: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.settings.passwordSignIn)
        throw new DomainError(
          'FORBIDDEN',
          'password sign-in is turned off here; sign in with single sign-on',
        );
      const now = ctx.now();
      // Bounded before anything touches the database: per client address, then one password check at a time.
      signInLimiter.admit(ctx.clientAddress, Date.now());
      const address = ctx.clientAddress ?? '';
      const locked = (row: Awaited<ReturnType<typeof findThrottle>>) =>
        isLocked(
          row ? { ...row, lastFailure: row.last_failure, lockedUntil: row.locked_until } : undefined,
          now,
        );
      if (locked(await findThrottle(ctx.db, input.email, address))) throw lockedOut();
      const person = await findPersonByEmail(ctx.db, input.email);
      // The password check (argon2id) runs outside any transaction: it holds no pool connection.
      const ok = await signInLimiter.check(() =>
        verifyPassword(person?.active ? person.password_hash : null, input.password),
      );
      const outcome = await write(ctx, async (trx, audit) => {
        const throttle = await lockThrottle(trx, input.email, address);
        const state = throttle && {
          failures: throttle.failures,
          lastFailure: throttle.last_failure,
          lockedUntil: throttle.locked_until,
        };
        if (isLocked(state ?? undefined, now)) return { kind: 'locked' as const };
        // The person as checked must still be the person now (not deactivated, password unchanged).
        const current = ok && person ? await findPersonByEmail(trx, input.email) : undefined;
        if (!current?.active || current.password_hash !== person?.password_hash) {
          const next = afterFailure(state ?? undefined, now);
          await saveThrottle(trx, input.email, address, next.failures, next.lastFailure, next.lockedUntil);
          // Rows whose failures no longer count are purged as new ones come.
          await purgeThrottle(trx, new Date(now.getTime() - DEFAULT_THROTTLE.windowMinutes * 60_000), now);
          return { kind: 'refused' as const };
        }
        if (throttle) await clearThrottle(trx, input.email, address);
        const { token, hash } = newToken('session');
        const expiresAt = new Date(now.getTime() + ctx.settings.sessionTtlHours * 3_600_000);
        const session = await insertSession(trx, current.id, hash, expiresAt);
        await audit({
          action: 'person.signed_in',
          subject: `person:${current.id}`,
          after: { sessionId: session.id },
        });
        return { kind: 'ok' as const, token, expiresAt, mustChangePassword: current.must_change_password };
      });
      // Refusals are committed (the failure count must persist) and then reported.
      if (outcome.kind === 'locked') throw lockedOut();
      if (outcome.kind === 'refused') throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
      return {
        token: outcome.token,
        expiresAt: outcome.expiresAt,
        mustChangePassword: outcome.mustChangePassword,
      };
    }),

  /**
   * A new password for the signed-in person: the current one is required (checked like a sign-in), the
   * new one must pass the password rules, and every other session of theirs ends.
   */
  changePassword: personProcedure
    .input(
      z.object({
        currentPassword: z.string().min(1).max(200),
        newPassword: z.string().max(200),
      }),
    )
    .output(z.object({ ok: z.literal(true), otherSessionsEnded: z.number() }))
    .mutation(async ({ ctx, input }) => {
      const p = ctx.principal;
      const problem = passwordProblemFor(input.newPassword, p.email);
      if (problem) throw new DomainError('VALIDATION', `newPassword: ${problem}`, { field: 'newPassword' });
      if (input.newPassword === input.currentPassword)
        throw new DomainError('VALIDATION', 'newPassword: must differ from the current password', {
          field: 'newPassword',
        });
      signInLimiter.admit(ctx.clientAddress, Date.now());
      const person = await findPersonByEmail(ctx.db, p.email);
      const ok = await signInLimiter.check(() =>
        verifyPassword(person?.password_hash ?? null, input.currentPassword),
      );
      if (!ok || !person)
        throw new DomainError('VALIDATION', 'currentPassword: not your current password', {
          field: 'currentPassword',
        });
      const passwordHash = await hashPassword(input.newPassword);
      return write(ctx, async (trx, audit) => {
        await setPasswordHash(trx, person.id, passwordHash, false);
        const ended = await revokeSessionsOf(trx, person.id, ctx.now(), p.sessionId);
        await audit({
          action: 'person.password_changed',
          subject: `person:${person.id}`,
          after: { otherSessionsEnded: ended },
        });
        return { ok: true as const, otherSessionsEnded: ended };
      });
    }),

  signOut: personProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await write(ctx, async (trx, audit) => {
      await revokeSession(trx, ctx.principal.sessionId, ctx.now());
      await audit({ action: 'person.signed_out', subject: `person:${ctx.principal.id}` });
    });
    return { ok: true as const };
  }),

  /** The signed-in person's notification preferences, per kind of mail (the preferences screen shows them). */
  preferences: personProcedure.output(preferencesOutput).query(async ({ ctx }) => {
    const row = await ctx.db
      .selectFrom('people')
      .select('muted_notifications')
      .where('id', '=', ctx.principal.id)
      .executeTakeFirstOrThrow();
    return preferencesOf(row.muted_notifications);
  }),

  /** Turn every optional kind of mail on or off at once (reminders and the annual survey always go out). */
  setNotifications: personProcedure
    .input(z.object({ enabled: z.boolean() }))
    .output(z.object({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        const muted = await setMutedKinds(
          trx,
          ctx.principal.id,
          Object.fromEntries(NOTIFICATION_KIND_KEYS.map((k) => [k, input.enabled])),
        );
        await audit({
          action: 'person.notifications_changed',
          subject: `person:${ctx.principal.id}`,
          after: { ...input, muted },
        });
        return input;
      }),
    ),

  /** Turn kinds of mail on or off (`kinds`: kind → on); kinds not named keep their setting. */
  setNotificationKinds: personProcedure
    .input(
      z.object({
        kinds: z
          .partialRecord(
            z.enum(NOTIFICATION_KIND_KEYS as [NotificationKind, ...NotificationKind[]]),
            z.boolean(),
          )
          .refine((k) => Object.keys(k).length > 0, { message: 'name at least one kind of mail' }),
      }),
    )
    .output(preferencesOutput)
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        const muted = await setMutedKinds(trx, ctx.principal.id, input.kinds);
        await audit({
          action: 'person.notifications_changed',
          subject: `person:${ctx.principal.id}`,
          after: { kinds: input.kinds, muted },
        });
        return preferencesOf(muted);
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
