import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked } from '../src/sign-in-throttle.ts';

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
