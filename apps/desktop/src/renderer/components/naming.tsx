// Telling two of a kind apart (issue 15): two controls on one screen never share an accessible name. A button
// or field shows its short words ("Withdraw", "Your reply") and says to a screen reader what it acts on.

/** " (2 of 3)" when several siblings share one name, the way their headings show it; "" when it is unique. */
export function countAmong<T>(all: readonly T[], item: T, nameOf: (x: T) => string): string {
  const same = all.filter((x) => nameOf(x) === nameOf(item));
  return same.length > 1 ? ` (${same.indexOf(item) + 1} of ${same.length})` : '';
}

/** What a control acts on, read by a screen reader after its visible words ("Withdraw" + "the … mitigation"). */
export function Context({ children }: { children: string }) {
  return children ? <span className="visually-hidden"> {children}</span> : null;
}
