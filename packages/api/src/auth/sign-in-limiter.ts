import { type AttemptBucket, DomainError, takeAttempt } from '@signoff/core';

export interface SignInLimits {
  /** Sign-in attempts one client address may make a minute. */
  perAddressPerMinute: number;
  /** Password checks (argon2id, ~50 ms of a core each) run at once in this process. */
  concurrent: number;
  /** Attempts that may wait for a check; beyond, refused at once. */
  waiting: number;
}

/**
 * Bounds what sign-in attempts cost this process, before any of them reaches the database: per client
 * address (a bucket of attempts a minute) and overall (one password check at a time, a short queue).
 * With one check at a time a flood of sign-ins takes at most one of the two cores; reads keep the other.
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddressPerMinute: 20, concurrent: 1, waiting: 16 };

/** Addresses remembered at most; the oldest are forgotten first (a forgotten address starts full). */
const MAX_ADDRESSES = 50_000;

export class SignInLimiter {
  private readonly buckets = new Map<string, AttemptBucket>();
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {}

  /** Counts an attempt from `address` (none: the command line or a test, not limited per address). */
  admit(address: string | null, nowMs: number): void {
    if (!address) return;
    const taken = takeAttempt(this.buckets.get(address), nowMs, this.limits.perAddressPerMinute);
    this.buckets.delete(address);
    this.buckets.set(address, taken.bucket);
    if (this.buckets.size > MAX_ADDRESSES) this.buckets.delete(this.buckets.keys().next().value as string);
    if (!taken.allowed)
      throw new DomainError(
        'RATE_LIMITED',
        `too many sign-in attempts from this address (at most ${this.limits.perAddressPerMinute} a minute); try again in ${Math.ceil(taken.retryAfterMs / 1000)} s`,
        { retryAfterSeconds: Math.ceil(taken.retryAfterMs / 1000) },
      );
  }

  /** Runs a password check when a slot is free; refuses at once when too many already wait. */
  async check<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrent) {
      if (this.queue.length >= this.limits.waiting)
        throw new DomainError(
          'RATE_LIMITED',
          `too many sign-ins at once (at most ${this.limits.concurrent + this.limits.waiting} in progress); try again in a second`,
          { retryAfterSeconds: 1 },
        );
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** The process's limiter: every sign-in through any transport goes through it. */
export const signInLimiter = new SignInLimiter();
