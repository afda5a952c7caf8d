/** `K7QM2XPD` → `K7QM-2XPD`: two groups of four are easier to read and type. */
export function formatPairingCode(code: string): string {
  const compact = code.replace(/[\s-]/g, '').toUpperCase();
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

/** Whole minutes from `nowMs` until `untilMs` (epoch milliseconds): at least 1 while any time is left, else 0. */
export function minutesUntil(untilMs: number, nowMs: number): number {
  const ms = untilMs - nowMs;
  return ms <= 0 ? 0 : Math.max(1, Math.round(ms / 60_000));
}

/** A short local clock time such as `14:32` (or `2:32 PM`), in the user's locale. */
export function formatClockTime(epochMs: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(epochMs);
}
