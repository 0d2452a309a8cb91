/**
 * Working days, Monday to Friday, counted in UTC. Weekends do not count; public holidays are not known to the
 * product (they differ by country) and count as working days.
 */
const DAY_MS = 86_400_000;

/** Monday to Friday (UTC). */
export const isWorkingDay = (d: Date): boolean => {
  const day = d.getUTCDay();
  return day !== 0 && day !== 6;
};

/** The start (00:00 UTC) of the day after `d`. */
const nextMidnight = (d: Date): Date =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + DAY_MS);

/**
 * The moment `days` whole working days after `start`: each working day moves the time one day on, skipping
 * Saturday and Sunday (Friday 10:00 + 2 = Tuesday 10:00). A start on a weekend counts from the next Monday
 * 00:00 (Saturday + 2 = Wednesday 00:00).
 */
export function addWorkingDays(start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0: ${days}`);
  let t = new Date(start.getTime());
  while (!isWorkingDay(t)) t = nextMidnight(t);
  for (let i = 0; i < days; i++) {
    t = new Date(t.getTime() + DAY_MS);
    while (!isWorkingDay(t)) t = new Date(t.getTime() + DAY_MS);
  }
  return t;
}

/** True once `days` working days have passed since `since`. */
export const workingDaysPassed = (since: Date, now: Date, days: number): boolean =>
  now.getTime() >= addWorkingDays(since, days).getTime();
