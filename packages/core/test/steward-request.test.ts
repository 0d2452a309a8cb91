import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  assertMayBeRequestedSteward,
  isWorkingDay,
  parseHolidays,
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

describe('holidays are not working days', () => {
  // 2026-12-28 is a Monday.
  const holidays = parseHolidays('2026-12-25, 2026-12-28');

  it('a holiday on a weekday is not a working day; the days around it are', () => {
    expect(
      ['2026-12-24', '2026-12-25', '2026-12-28', '2026-12-29'].map((d) =>
        isWorkingDay(at(`${d}T12:00:00`), holidays),
      ),
    ).toEqual([true, false, false, true]);
  });

  it('Friday before a Monday holiday + 2 = Wednesday, same time', () => {
    expect(addWorkingDays(at('2026-12-25T10:00:00'), 2, parseHolidays('2026-12-28'))).toEqual(
      at('2026-12-30T10:00:00'),
    );
    // Without the holiday it is Tuesday.
    expect(addWorkingDays(at('2026-12-25T10:00:00'), 2)).toEqual(at('2026-12-29T10:00:00'));
  });

  it('a start on a holiday counts from the next working day 00:00; Thursday 24 + 2 skips Friday 25 and Monday 28', () => {
    expect(addWorkingDays(at('2026-12-25T15:00:00'), 0, holidays)).toEqual(at('2026-12-29T00:00:00'));
    expect(addWorkingDays(at('2026-12-24T09:00:00'), 2, holidays)).toEqual(at('2026-12-30T09:00:00'));
  });

  it('the steward reminder honours them', () => {
    const friday = at('2026-12-25T10:00:00');
    const submitted = { status: 'submitted', submittedAt: friday };
    const mondayOff = parseHolidays('2026-12-28');
    expect(stewardReminderDueAt(friday, mondayOff)).toEqual(at('2026-12-30T10:00:00'));
    expect(stewardReminderDue(submitted, at('2026-12-29T10:00:00'), mondayOff)).toBe(false);
    expect(stewardReminderDue(submitted, at('2026-12-30T10:00:00'), mondayOff)).toBe(true);
  });

  it('the list takes dates separated by commas or spaces; anything else is refused naming the entry', () => {
    expect([...parseHolidays(' 2026-12-25,2026-12-28\n2027-01-01 ')]).toEqual([
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
    ]);
    expect(parseHolidays('').size).toBe(0);
    expect(() => parseHolidays('2026-12-25, 25/12/2026')).toThrow('"25/12/2026" is not a date YYYY-MM-DD');
    expect(() => parseHolidays('2026-02-30')).toThrow('"2026-02-30" is not a date YYYY-MM-DD');
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
