import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openCoachingDb } from '../../shared/data/db.ts';
import { forwardToggleCommand } from '../features/action-step-overlay/toggle-message.ts';
import { startSiteScripts } from '../features/site-access/site-scripts.ts';
import { catchErrors, reportError } from '../errors.ts';
import { addedSitesItem } from '../storage.ts';
import { startReminders } from '../services/reminders/index.ts';
import { migrateStoredCheckIns } from '../services/check-in-migration.ts';
import { startCoachFeedback } from '../services/coach-feedback.ts';
import { createCoachingService } from '../services/coaching-service.ts';
import { createMessageListener } from '../services/message-listener.ts';
import { createStorageSettings } from '../services/settings.ts';
import { openWelcomeOnInstall } from '../services/first-run.ts';
import { registerSyncSchedule, scheduleSyncRetry } from '../services/sync-schedule.ts';

// Wiring only. IndexedDB lives here and nowhere else: other contexts ask by message.
export default defineBackground(() => {
  catchErrors('background');
  openWelcomeOnInstall(browser, (error) => reportError('welcome page', error));
  const service = openCoachingDb().then(async (db) => {
    // Before any message is answered: check-ins older versions kept in storage.local join the
    // outbox (once), and those still waiting go with the next sync, which starts now.
    const queued = await migrateStoredCheckIns(db, browser.storage.local).catch((error: unknown) => {
      reportError('check-in migration', error);
      return 0;
    });
    const coaching = createCoachingService({
      db,
      settings: createStorageSettings(),
      sendCheckInsAtOnce: true,
      retryLater: scheduleSyncRetry,
    });
    if (queued > 0) coaching.syncIfDue().catch((error: unknown) => reportError('check-in migration', error));
    return coaching;
  });
  browser.runtime.onMessage.addListener(
    createMessageListener(service, { extensionOrigin: browser.runtime.getURL('/') }),
  );
  void registerSyncSchedule(service);
  forwardToggleCommand(browser);
  void startSiteScripts(browser, addedSitesItem, (error) => reportError('site-scripts', error));
  // Firefox notifications have no buttons: the popup offers snooze and stop there.
  void startReminders(service, { buttons: !import.meta.env.FIREFOX });
  startCoachFeedback({ settings: createStorageSettings() });
});
