/**
 * Question 7, "How long will this data be collected?", as the rules read it: the form's `collectionPeriod.expires`
 * (and a renewal's new expiry) parsed into when the collection ends. No imports of the form, so the request
 * form and the renewal both use it.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` that names a real day. */
export const isCalendarDate = (s: string): boolean => {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** How a collection period ends, read from the form's `collectionPeriod.expires`. */
export type Expiry =
  | { kind: 'none' }
  | { kind: 'never' }
  | { kind: 'expired' }
  | { kind: 'date'; date: string }
  /** "6 months initially (potentially renewable)": counted from `startsOn`, once known (see `collectionStartsOn`). */
  | { kind: 'months'; months: number; startsOn: string | null }
  | { kind: 'version'; version: number }
  | { kind: 'unknown'; text: string };

/** The template's `MM-DD-YYYY` (or `MM/DD/YYYY`), as a calendar date `YYYY-MM-DD`; null if no such day. */
function usDate(text: string): string | null {
  const m = /(?:^|[^\d])(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?![\d])/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[1]?.padStart(2, '0')}-${m[2]?.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/** `YYYY-MM-DD` plus `months` calendar months, clamped to the month's last day (2026-08-31 + 6 → 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/**
 * Question 7's three choices, and what older forms and Glean imports wrote: `never` or a permanent collection,
 * `expired`, a date (`2026-06-30`, or the template's `until date 06-30-2026`), a number of months ("6 months
 * initially", counted from `startsOn`: the data steward's data-review+) or a version (`150`, `Firefox 150`,
 * `v150`). A text with several expiries (a Glean import whose metrics expire at different times) starts with
 * the soonest: that one counts.
 */
export function parseExpiry(text: string | null | undefined, startsOn: string | null = null): Expiry {
  const s = (text ?? '').trim();
  if (s === '') return { kind: 'none' };
  const first = s.split(/[\s(,;]/, 1)[0]?.toLowerCase() ?? '';
  if (first === 'never') return { kind: 'never' };
  if (first === 'expired') return { kind: 'expired' };
  if (isCalendarDate(first)) return { kind: 'date', date: first };
  // Before the version: "6 months initially" is not version 6, and "until date 06-30-2026" not version 6.
  const months = /^(?:[a-z][a-z ]*?\s)?(\d{1,2})\s*months?\b/i.exec(s);
  if (months) return { kind: 'months', months: Number(months[1]), startsOn };
  const iso = /(?:^|\s)(\d{4}-\d{2}-\d{2})(?=$|[\s.,;)])/.exec(s)?.[1];
  if (iso && isCalendarDate(iso)) return { kind: 'date', date: iso };
  const us = usDate(s);
  if (us) return { kind: 'date', date: us };
  if (/^(?:i want to )?permanent(?:ly)?\b/i.test(s)) return { kind: 'never' };
  const version = /^(?:[a-z][a-z ]*?\s*)?v?(\d{1,4})(?:\.\d+)*(?=$|[\s(,;])/i.exec(s);
  if (version) return { kind: 'version', version: Number(version[1]) };
  return { kind: 'unknown', text: s };
}

/** The UTC calendar day of `now`. */
const today = (now: Date) => now.toISOString().slice(0, 10);

/** The last day of a months period, once it has started; null before. */
export const monthsEnd = (e: Extract<Expiry, { kind: 'months' }>): string | null =>
  e.startsOn === null ? null : addMonths(e.startsOn, e.months);

/**
 * Has the collection period ended? A dated period ends on its date (as Glean: a metric expiring on a day is
 * expired that day); a months period `months` after it started. A version expiry is not decided here: the
 * gate knows dates, not the product's version.
 */
export function isExpired(expiry: Expiry, now: Date): boolean {
  if (expiry.kind === 'expired') return true;
  if (expiry.kind === 'months') {
    const end = monthsEnd(expiry);
    return end !== null && end <= today(now);
  }
  return expiry.kind === 'date' && expiry.date <= today(now);
}

export const describeExpiry = (e: Expiry): string => {
  switch (e.kind) {
    case 'none':
      return 'no collection period';
    case 'never':
      return 'a permanent collection';
    case 'expired':
      return 'already expired';
    case 'date':
      return `expires on ${e.date}`;
    case 'months': {
      const end = monthsEnd(e);
      return end === null
        ? `${e.months} months from the data steward's data-review+`
        : `${e.months} months from ${e.startsOn}: expires on ${end}`;
    }
    case 'version':
      return `expires with version ${e.version}`;
    case 'unknown':
      return `expires "${e.text}"`;
  }
};

/** The period that counts: the latest approved renewal's, otherwise the form's. */
export const effectiveExpires = (
  formExpires: string | null | undefined,
  approvedRenewals: readonly { newExpires: string }[],
): string | null => approvedRenewals.at(-1)?.newExpires ?? (formExpires?.trim() || null);
