import { z } from 'zod';

/**
 * Working days, Monday to Friday, counted in UTC, without the configured holidays (`HOLIDAYS`: public holidays
 * differ by country, so the product knows only the days it is told, as whole UTC calendar days).
 */
const DAY_MS = 86_400_000;

/** Days that are not working days though they fall Monday to Friday, as `YYYY-MM-DD` (UTC). */
export type Holidays = ReadonlySet<string>;
const NO_HOLIDAYS: Holidays = new Set();

/** A holiday: a real calendar date, `YYYY-MM-DD`. */
export const holidaySchema = z.iso.date();

/**
 * The configured list of holidays: dates `YYYY-MM-DD` separated by commas or white space; anything else is
 * refused naming the entry.
 */
export function parseHolidays(text: string): Holidays {
  const days = new Set<string>();
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    if (!holidaySchema.safeParse(entry).success) throw new RangeError(`"${entry}" is not a date YYYY-MM-DD`);
    days.add(entry);
  }
  return days;
}

/** The UTC calendar day of `d`, `YYYY-MM-DD`. */
const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

/** Monday to Friday (UTC), and not a holiday. */
export const isWorkingDay = (d: Date, holidays: Holidays = NO_HOLIDAYS): boolean => {
  const day = d.getUTCDay();
  return day !== 0 && day !== 6 && !holidays.has(dayOf(d));
};

/** The start (00:00 UTC) of the day after `d`. */
const nextMidnight = (d: Date): Date =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + DAY_MS);

/**
 * The moment `days` whole working days after `start`: each working day moves the time one day on, skipping
 * Saturday, Sunday and holidays (Friday 10:00 + 2 = Tuesday 10:00; with Monday a holiday, Wednesday 10:00). A
 * start on a day that is not a working day counts from the next working day's 00:00 (Saturday + 2 = Wednesday
 * 00:00).
 */
export function addWorkingDays(start: Date, days: number, holidays: Holidays = NO_HOLIDAYS): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0: ${days}`);
  let t = new Date(start.getTime());
  while (!isWorkingDay(t, holidays)) t = nextMidnight(t);
  for (let i = 0; i < days; i++) {
    t = new Date(t.getTime() + DAY_MS);
    while (!isWorkingDay(t, holidays)) t = new Date(t.getTime() + DAY_MS);
  }
  return t;
}

/** True once `days` working days have passed since `since`. */
export const workingDaysPassed = (
  since: Date,
  now: Date,
  days: number,
  holidays: Holidays = NO_HOLIDAYS,
): boolean => now.getTime() >= addWorkingDays(since, days, holidays).getTime();
