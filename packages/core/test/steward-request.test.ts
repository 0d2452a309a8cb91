import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  assertMayBeRequestedSteward,
  isWorkingDay,
  STEWARD_REMINDER_WORKING_DAYS,
  stewardReminderDue,
  stewardReminderDueAt,
  workingDaysPassed,
} from '../src/index.ts';

// 2026-11-27 is a Friday.
const at = (s: string) => new Date(`${s}Z`);

describe('working days (Monday to Friday, UTC)', () => {
  it('Saturday and Sunday are not working days; Monday to Friday are', () => {
    expect(
      ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'].map(
        (d) => isWorkingDay(at(`${d}T12:00:00`)),
      ),
    ).toEqual([true, true, true, true, true, false, false]);
  });

  it('Monday + 2 = Wednesday, same time', () => {
    expect(addWorkingDays(at('2026-11-23T10:00:00'), 2)).toEqual(at('2026-11-25T10:00:00'));
  });

  it('Friday + 2 = Tuesday, same time: the weekend is skipped', () => {
    expect(addWorkingDays(at('2026-11-27T10:00:00'), 2)).toEqual(at('2026-12-01T10:00:00'));
  });

  it('Thursday + 2 = Monday', () => {
    expect(addWorkingDays(at('2026-11-26T16:30:00'), 2)).toEqual(at('2026-11-30T16:30:00'));
  });

  it('a start on Saturday or Sunday counts from Monday 00:00: + 2 = Wednesday 00:00', () => {
    expect(addWorkingDays(at('2026-11-28T15:00:00'), 2)).toEqual(at('2026-12-02T00:00:00'));
    expect(addWorkingDays(at('2026-11-29T23:59:00'), 2)).toEqual(at('2026-12-02T00:00:00'));
  });

  it('Friday late evening + 1 = Monday late evening', () => {
    expect(addWorkingDays(at('2026-11-27T23:30:00'), 1)).toEqual(at('2026-11-30T23:30:00'));
  });

  it('zero days is the start (moved to Monday when it falls on a weekend); a negative count is refused', () => {
    expect(addWorkingDays(at('2026-11-25T09:00:00'), 0)).toEqual(at('2026-11-25T09:00:00'));
    expect(addWorkingDays(at('2026-11-28T09:00:00'), 0)).toEqual(at('2026-11-30T00:00:00'));
    expect(() => addWorkingDays(at('2026-11-25T09:00:00'), -1)).toThrow(RangeError);
  });

  it('ten working days span two weekends', () => {
    expect(addWorkingDays(at('2026-11-27T10:00:00'), 10)).toEqual(at('2026-12-11T10:00:00'));
  });

  it('workingDaysPassed is true from the due moment on, not a millisecond before', () => {
    const since = at('2026-11-27T10:00:00');
    expect(workingDaysPassed(since, at('2026-12-01T09:59:59.999'), 2)).toBe(false);
    expect(workingDaysPassed(since, at('2026-12-01T10:00:00'), 2)).toBe(true);
  });
});

describe('the steward reminder ("a couple of days")', () => {
  it('is two working days', () => {
    expect(STEWARD_REMINDER_WORKING_DAYS).toBe(2);
    expect(stewardReminderDueAt(at('2026-11-27T10:00:00'))).toEqual(at('2026-12-01T10:00:00'));
  });

  it('a request submitted on Friday is not due over the weekend nor on Monday; it is on Tuesday', () => {
    const review = { status: 'submitted', submittedAt: at('2026-11-27T10:00:00') };
    expect(stewardReminderDue(review, at('2026-11-29T10:00:00'))).toBe(false);
    expect(stewardReminderDue(review, at('2026-11-30T18:00:00'))).toBe(false);
    expect(stewardReminderDue(review, at('2026-12-01T10:00:00'))).toBe(true);
  });

  it('is not due once a steward acted (the request is no longer submitted) or before it was submitted', () => {
    const late = at('2026-12-10T10:00:00');
    for (const status of ['sensitive_review', 'approved', 'returned', 'withdrawn', 'draft'])
      expect(stewardReminderDue({ status, submittedAt: at('2026-11-27T10:00:00') }, late)).toBe(false);
    expect(stewardReminderDue({ status: 'submitted', submittedAt: null }, late)).toBe(false);
  });
});

describe('the requested steward', () => {
  const review = { proposerId: 1, requesterId: 2, engineeringOwnerId: 3 };
  const fieldOf = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (e) {
      return {
        code: (e as { code: string }).code,
        message: (e as Error).message,
        details: (e as { details: unknown }).details,
      };
    }
  };

  it('an active data steward off the proposer side may be requested', () => {
    expect(
      fieldOf(() => assertMayBeRequestedSteward({ id: 9, isSteward: true, active: true }, review)),
    ).toBeNull();
  });

  it('someone who is not a data steward is refused, naming the field', () => {
    expect(
      fieldOf(() => assertMayBeRequestedSteward({ id: 9, isSteward: false, active: true }, review)),
    ).toEqual({
      code: 'VALIDATION',
      message: 'requestedStewardId: the requested person is not a data steward.',
      details: { field: 'requestedStewardId' },
    });
  });

  it('an unknown or deactivated person is refused, naming the field', () => {
    expect(fieldOf(() => assertMayBeRequestedSteward(null, review))?.details).toEqual({
      field: 'requestedStewardId',
    });
    expect(
      fieldOf(() => assertMayBeRequestedSteward({ id: 9, isSteward: true, active: false }, review))?.message,
    ).toBe('requestedStewardId: no active person has this id.');
  });

  it("a steward on the review's proposer side (creator, requester, engineering owner) is refused", () => {
    for (const id of [1, 2, 3])
      expect(
        fieldOf(() => assertMayBeRequestedSteward({ id, isSteward: true, active: true }, review))?.message,
      ).toMatch(/^requestedStewardId: the requested steward is on the proposer's side/);
  });
});
