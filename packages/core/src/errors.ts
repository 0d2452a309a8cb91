/**
 * The one error type the domain throws. `code` is stable (clients and tests match on it);
 * the transport maps it to an HTTP status / tRPC code in a single place (packages/api).
 */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION', // input broke a rule; `details.field` names the field
  'NOT_FOUND', // unknown, or not visible to this actor (private reviews never leak)
  'UNAUTHENTICATED', // no or bad credentials
  'FORBIDDEN', // signed in, but this role/relation may not do it
  'CONFLICT', // based on a stale revision / state changed meanwhile
  'RULE_VIOLATION', // the policy forbids this move now (e.g. sign-off order)
  'RATE_LIMITED', // too many attempts
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
