export interface Backoff {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** Longest delay; once reached, the mail is retried at this interval for as long as it takes. */
  capMs: number;
}

/** 5 s, 10 s, 20 s, … doubling up to 10 minutes, then every 10 minutes. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 5_000, capMs: 10 * 60_000 };

/** Delay before the next attempt, given how many attempts have failed so far (1 after the first). */
export function retryDelayMs(failedAttempts: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(backoff.baseMs * 2 ** exponent, backoff.capMs);
}
