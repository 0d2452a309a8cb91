/**
 * Repeated failed sign-ins for one email are refused for a while. Counted per email whether or not
 * anyone has it, so the refusal never reveals which emails exist.
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
