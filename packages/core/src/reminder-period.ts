const DAY_MS = 86_400_000;

/**
 * The waiting-time rule of every reminder of a step (sign-offs and the other open steps): a step that has waited
 * since `since` is reminded once per `days`-long period, the first once it has waited `days`. null while it has
 * not waited that long; else how long it has waited (whole periods, in days) and when this period began (the
 * key that makes a reminder once per period).
 */
export function reminderPeriod(
  since: Date,
  now: Date,
  days: number,
): { waitedDays: number; periodStart: Date } | null {
  const period = days * DAY_MS;
  const periods = Math.floor((now.getTime() - since.getTime()) / period);
  if (periods < 1) return null;
  return { waitedDays: periods * days, periodStart: new Date(since.getTime() + periods * period) };
}
