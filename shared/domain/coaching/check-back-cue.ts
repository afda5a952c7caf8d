/**
 * The cue the teacher sees beside their step ("Coach checks back Thu"): when their coach will look
 * at it with them. Pure and dependency-free: the extension's content script draws it on every
 * planning page.
 */
import { daysBetween } from './calendar-days.ts';

export { localDay } from './calendar-days.ts';

export function checkBackCue(checkBackOn: string, today: string, locale?: string): string {
  const days = daysBetween(today, checkBackOn);
  const date = new Date(`${checkBackOn}T00:00:00Z`);
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
