import { browser } from 'wxt/browser';
import type { CoachingService } from './coaching-service.ts';
import { reportError } from '../errors.ts';

export const SYNC_ALARM = 'sync';
export const SYNC_PERIOD_MINUTES = 15;

/**
 * Periodic sync plus one at browser startup. Listeners are added synchronously so a service
 * worker woken by the alarm still hears it. Resolves once the alarm exists.
 */
export function registerSyncSchedule(service: Promise<CoachingService>): Promise<void> {
  const syncIfDue = () => {
    service.then((s) => s.syncIfDue()).catch((error: unknown) => reportError('scheduled sync', error));
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) syncIfDue();
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
