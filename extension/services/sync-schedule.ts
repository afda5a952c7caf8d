import { browser } from 'wxt/browser';
import type { CoachingService } from './coaching-service.ts';
import { reportError } from '../errors.ts';

export const SYNC_ALARM = 'sync';
export const SYNC_PERIOD_MINUTES = 15;
/** One-off: a sync that failed offline (or on a 5xx) with something still waiting tries again. */
export const SYNC_RETRY_ALARM = 'sync-retry';
export const SYNC_RETRY_MINUTES = 5;

/** For the coaching service's `retryLater`: (re)sets the one retry alarm. */
export async function scheduleSyncRetry(): Promise<void> {
  await browser.alarms.create(SYNC_RETRY_ALARM, { delayInMinutes: SYNC_RETRY_MINUTES });
}

/**
 * Periodic sync, a retry after a failure that may clear up, and one at browser startup. Listeners
 * are added synchronously so a service worker woken by an alarm still hears it. Resolves once
 * the periodic alarm exists.
 */
export function registerSyncSchedule(service: Promise<CoachingService>): Promise<void> {
  const syncIfDue = () => {
    service.then((s) => s.syncIfDue()).catch((error: unknown) => reportError('scheduled sync', error));
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM || alarm.name === SYNC_RETRY_ALARM) syncIfDue();
  });
  browser.runtime.onStartup.addListener(syncIfDue);
  // Re-creating an existing alarm restarts its period; a worker that wakes often would never sync.
  return browser.alarms
    .get(SYNC_ALARM)
    .then(async (existing) => {
      if (!existing) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
    })
    .catch((error: unknown) => reportError('sync alarm', error));
}
