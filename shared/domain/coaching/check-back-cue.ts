/**
 * The cue the teacher sees beside their step ("Coach checks back Thu"): when their coach will look
 * at it with them. Pure and dependency-free: the extension's content script draws it on every
 * planning page.
 */

const DAY_MS = 86_400_000;
const asUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Today's calendar day where the reader is (YYYY-MM-DD), not in UTC. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function checkBackCue(checkBackOn: string, today: string, locale?: string): string {
  const days = Math.round((asUtc(checkBackOn) - asUtc(today)) / DAY_MS);
  const date = new Date(asUtc(checkBackOn));
  const weekday = date.toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' });
  const full = date.toLocaleDateString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  if (days < 0) return `Coach was due to check back ${full}`;
  if (days === 0) return 'Coach checks back today';
  if (days === 1) return 'Coach checks back tomorrow';
  return `Coach checks back ${days < 7 ? weekday : full}`;
}
