/**
 * Calendar days as YYYY-MM-DD strings (check-backs, planned drop-ins, digest periods, today's
 * checklist): the one place their arithmetic lives. Pure and dependency-free, so the extension's
 * content script can use it too.
 */

const DAY_MS = 86_400_000;
const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The UTC calendar day of an instant (the server's day; pages show local dates). */
export const dayOf = (instant: Date | string): string => new Date(instant).toISOString().slice(0, 10);

/** Today's calendar day where the reader is, not in UTC. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `day` moved by `days` (negative: back). */
export const addDays = (day: string, days: number): string => dayOf(new Date(startOf(day) + days * DAY_MS));

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((startOf(to) - startOf(from)) / DAY_MS);
