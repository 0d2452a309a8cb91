/**
 * Repeated failed sign-ins for one email from one client address are refused for a while from that
 * address. Counted whether or not anyone has the email, so the refusal never reveals which emails exist.
 * Not per email alone: then anyone anywhere could lock the admin out by failing five times.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  lockMinutes: number;
  /** Failures older than this are forgotten. */
  windowMinutes: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { maxFailures: 5, lockMinutes: 15, windowMinutes: 15 };

export interface ThrottleState {
  failures: number;
  lastFailure: Date;
  lockedUntil: Date | null;
}

export const isLocked = (s: ThrottleState | undefined, now: Date): boolean =>
  s?.lockedUntil != null && s.lockedUntil.getTime() > now.getTime();

export function afterFailure(
  s: ThrottleState | undefined,
  now: Date,
  p: ThrottlePolicy = DEFAULT_THROTTLE,
): ThrottleState {
  const recent = s && now.getTime() - s.lastFailure.getTime() < p.windowMinutes * 60_000 ? s.failures : 0;
  const failures = recent + 1;
  const lockedUntil = failures >= p.maxFailures ? new Date(now.getTime() + p.lockMinutes * 60_000) : null;
  return { failures: lockedUntil ? 0 : failures, lastFailure: now, lockedUntil };
}

/**
 * Sign-in attempts from one client address: a bucket of `perMinute` attempts refilled continuously.
 * It bounds how fast one address can guess, whichever emails it tries.
 */
export interface AttemptBucket {
  tokens: number;
  at: number;
}

export function takeAttempt(
  b: AttemptBucket | undefined,
  nowMs: number,
  perMinute: number,
): { allowed: boolean; bucket: AttemptBucket; retryAfterMs: number } {
  const refilled = b ? Math.min(perMinute, b.tokens + ((nowMs - b.at) * perMinute) / 60_000) : perMinute;
  if (refilled >= 1) return { allowed: true, bucket: { tokens: refilled - 1, at: nowMs }, retryAfterMs: 0 };
  return {
    allowed: false,
    bucket: { tokens: refilled, at: nowMs },
    retryAfterMs: Math.ceil(((1 - refilled) * 60_000) / perMinute),
  };
}
