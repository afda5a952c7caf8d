/**
 * Moodle refuses (409) a score whose timestamp is not later than the stored one, compared
 * to the second. Each score for a user on a line item therefore gets a timestamp at least
 * one whole second after the previous one.
 */
export function nextScoreTimestamp(previous: string | null, now: Date): string {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const previousSeconds = previous ? Math.floor(Date.parse(previous) / 1000) : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(nowSeconds, previousSeconds + 1) * 1000).toISOString();
}

export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … capped at an hour: a platform outage is ridden out, not hammered. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** attempts, 60 * 60 * 1000);
}
