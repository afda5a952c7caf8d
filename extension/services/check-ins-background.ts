import { deviceTokenItem, syncStateItem } from '../storage.ts';
import { createCheckInOutbox, registerCheckInOutbox } from './check-ins.ts';
import type { SettingsStore } from './settings.ts';

/** Background wiring for the check-in outbox: sends after each good sync, sets aside on (un)pairing. */
export function startCheckInOutbox(settings: SettingsStore, fetchImpl?: typeof fetch): Promise<void> {
  return registerCheckInOutbox(createCheckInOutbox({ settings, fetch: fetchImpl }), {
    watchSync: (callback) =>
      syncStateItem.watch((state) => {
        if (state === 'synced') callback();
      }),
    watchPairing: (callback) => deviceTokenItem.watch(callback),
  });
}
