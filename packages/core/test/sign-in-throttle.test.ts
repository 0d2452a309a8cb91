import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../src/password-rules.ts';
import { afterFailure, isLocked, takeAttempt } from '../src/sign-in-throttle.ts';

const t0 = new Date('2026-01-01T10:00:00Z');
const min = (m: number) => new Date(t0.getTime() + m * 60_000);
const policy = { maxFailures: 3, lockMinutes: 10, windowMinutes: 5 };

describe('sign-in throttle', () => {
  it('locks after the maximum number of failures in the window', () => {
    let s = afterFailure(undefined, t0, policy);
    s = afterFailure(s, min(1), policy);
    expect(isLocked(s, min(1))).toBe(false);
    s = afterFailure(s, min(2), policy);
    expect(isLocked(s, min(2))).toBe(true);
    expect(isLocked(s, min(11))).toBe(true);
    expect(isLocked(s, min(12.01))).toBe(false);
  });
  it('forgets failures older than the window', () => {
    let s = afterFailure(undefined, t0, policy);
    s = afterFailure(s, min(1), policy);
    s = afterFailure(s, min(7), policy);
    expect(s.failures).toBe(1);
    expect(isLocked(s, min(7))).toBe(false);
  });
  it('nothing recorded means not locked', () => {
    expect(isLocked(undefined, t0)).toBe(false);
  });
});

describe('sign-in attempts per client address', () => {
  it('allows perMinute attempts at once, then one more per 60/perMinute seconds', () => {
    let b: Parameters<typeof takeAttempt>[0];
    for (let i = 0; i < 20; i++) {
      const r = takeAttempt(b, 0, 20);
      expect(r.allowed).toBe(true);
      b = r.bucket;
    }
    const refused = takeAttempt(b, 0, 20);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 3_000 });
    expect(takeAttempt(refused.bucket, 2_999, 20).allowed).toBe(false);
    expect(takeAttempt(refused.bucket, 3_000, 20).allowed).toBe(true);
  });

  it('never holds more than perMinute, however long the address was quiet', () => {
    const r = takeAttempt({ tokens: 0, at: 0 }, 3_600_000, 20);
    expect(r.bucket.tokens).toBe(19);
  });
});

describe('password rules (NIST SP 800-63B: length and a blocklist, no composition rules)', () => {
  const ctx = { isCommon: (p: string) => p === 'password1234', email: 'ann@example.com' };
  it('accepts any long enough password, whatever its characters', () => {
    for (const p of ['alllowercaseletters', 'ÉTÉ à la plage 🏖', '0123456789x', 'with spaces inside'])
      expect(passwordProblem(p, ctx)).toBeNull();
  });
  it('refuses each weak kind with its own reason', () => {
    expect(passwordProblem('123456789', ctx)).toBe('at least 10 characters');
    expect(passwordProblem('🏖'.repeat(9), ctx)).toBe('at least 10 characters'); // code points, not UTF-16 units
    expect(passwordProblem('x'.repeat(201), ctx)).toBe('at most 200 characters');
    expect(passwordProblem(' \t         ', ctx)).toBe('must not be only spaces');
    expect(passwordProblem('aaaaaaaaaaaa', ctx)).toBe('must not be one character repeated');
    expect(passwordProblem('PASSWORD1234', ctx)).toMatch(/commonly used/);
    expect(passwordProblem('Ann@Example.com', ctx)).toMatch(/email/);
  });
});
