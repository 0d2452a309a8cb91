import { DomainError, type DomainErrorCode, isDomainError } from '@signoff/core';
import { isDatabaseUnavailable } from '@signoff/db';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import type { Context, PersonPrincipal, Scope, SystemPrincipal } from './context.ts';
import { inputProblem } from './input-guard.ts';
import { signedInActor } from './review-access.ts';

/** The one place a domain error code becomes a tRPC code (and so an HTTP status). */
const TRPC_CODE: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  RULE_VIOLATION: 'PRECONDITION_FAILED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
};

export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

export const zodIssues = (e: ZodError): FieldIssue[] =>
  e.issues.map((i) => ({ field: i.path.join('.') || '(input)', rule: i.code, message: i.message }));

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof ZodError) {
      const issues = zodIssues(cause);
      return {
        ...shape,
        message: issues.map((i) => `${i.field}: ${i.message} (${i.rule})`).join('; '),
        data: { ...shape.data, domainCode: 'VALIDATION', issues, stack: undefined },
      };
    }
    const domain = isDomainError(cause) ? cause : null;
    return {
      ...shape,
      // Never leak internals: an unexpected error says only that.
      message: error.code === 'INTERNAL_SERVER_ERROR' ? 'internal error' : shape.message,
      data: {
        ...shape.data,
        domainCode: domain?.code ?? null,
        details: domain?.details ?? null,
        stack: undefined,
      },
    };
  },
});

/** A domain error thrown anywhere below, as a typed tRPC error with the right status. */
const asTrpcError = (cause: DomainError) =>
  new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });

/**
 * The boundary every procedure goes through (one middleware: each level costs every request):
 * input no procedure may be given (input-guard.ts: NUL, lone surrogates, huge numbers, deep nesting) is
 * refused up front, naming the field; domain errors thrown anywhere below
 * become typed tRPC errors with the right status.
 */
/** What a person signed in with a one-time password may do: change it, see who they are, sign out. */
const WHILE_ONE_TIME = new Set(['auth.changePassword', 'auth.me', 'auth.signOut']);

const boundary = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  const p = ctx.principal;
  if (p?.kind === 'person' && p.mustChangePassword && !WHILE_ONE_TIME.has(path))
    throw asTrpcError(
      new DomainError('FORBIDDEN', 'change your one-time password first (auth.changePassword)'),
    );
  // An unreadable body is not this check's to report: authentication and the input parser come first.
  const raw = await getRawInput().catch(() => undefined);
  const problem = inputProblem(raw);
  if (problem)
    throw asTrpcError(
      new DomainError('VALIDATION', `${problem.field}: ${problem.message}`, { field: problem.field }),
    );
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) throw asTrpcError(result.error.cause);
  // PostgreSQL down or restarting: 503 (the server adds Retry-After), not an internal error.
  if (
    !result.ok &&
    result.error.code === 'INTERNAL_SERVER_ERROR' &&
    isDatabaseUnavailable(result.error.cause)
  )
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'the database is unavailable; try again shortly',
      cause: result.error.cause,
    });
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(boundary);

/**
 * A signed-in person (or the admin command line). Automation tokens are not enough. The rules' view of
 * who acts (`ctx.actor`) is built here once, so no procedure builds it again.
 */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  const p = ctx.principal;
  if (!p) throw new DomainError('UNAUTHENTICATED', 'sign in first');
  if (p.kind === 'token') throw new DomainError('FORBIDDEN', 'an automation token may call only its scopes');
  return next({
    ctx: { ...ctx, principal: p as PersonPrincipal | SystemPrincipal, actor: signedInActor(p) },
  });
});

export const personProcedure = publicProcedure.use(({ ctx, next }) => {
  const p = ctx.principal;
  if (!p) throw new DomainError('UNAUTHENTICATED', 'sign in first');
  if (p.kind !== 'person') throw new DomainError('FORBIDDEN', 'only a signed-in person may do this');
  return next({ ctx: { ...ctx, principal: p, actor: signedInActor(p) } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  const p = ctx.principal;
  if (p.kind === 'person' && !p.isAdmin) throw new DomainError('FORBIDDEN', 'only an admin may do this');
  return next({ ctx });
});

/** Readable with a session or with an automation token holding `scope`. */
export const scopedProcedure = (scope: Scope) =>
  publicProcedure.use(({ ctx, next }) => {
    const p = ctx.principal;
    if (!p) throw new DomainError('UNAUTHENTICATED', 'a valid bearer token is required');
    if (p.kind === 'token' && !p.scopes.includes(scope))
      throw new DomainError('FORBIDDEN', `this token lacks the scope ${scope}`);
    return next({ ctx: { ...ctx, principal: p } });
  });

/** One readable line for an error from a caller (the command line, tests): names the field and rule. */
export function describeError(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof ZodError)
    return zodIssues(cause)
      .map((i) => `${i.field}: ${i.message} (${i.rule})`)
      .join('; ');
  return err instanceof Error ? err.message : String(err);
}
