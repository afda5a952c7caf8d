import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openCoachingDb } from '../../shared/data/db.ts';
import { createCoachingService } from '../services/coaching-service.ts';
import { createMessageListener } from '../services/message-listener.ts';
import { createStorageSettings } from '../services/settings.ts';
import { registerSyncSchedule } from '../services/sync-schedule.ts';

// Wiring only. IndexedDB lives here and nowhere else: other contexts ask by message.
export default defineBackground(() => {
  const service = openCoachingDb().then((db) =>
    createCoachingService({ db, settings: createStorageSettings() }),
  );
  browser.runtime.onMessage.addListener(
    createMessageListener(service, { extensionOrigin: browser.runtime.getURL('/') }),
  );
  void registerSyncSchedule(service);
});
