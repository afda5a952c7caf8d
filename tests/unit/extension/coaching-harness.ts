import type { Overview } from '../../../shared/protocol/messages.ts';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCoachingDb, type CoachingDb } from '../../../shared/data/db.ts';
import type { ExtensionResponse } from '../../../shared/protocol/messages.ts';
import { createCoachingService } from '../../../extension/services/coaching-service.ts';
import { createMessageListener } from '../../../extension/services/message-listener.ts';
import { createStorageSettings } from '../../../extension/services/settings.ts';
import { createFakeServer } from './fake-server.ts';

export const EXTENSION_ORIGIN = fakeBrowser.runtime.getURL('/');

let counter = 0;
export const fixedClock = {
  now: () => new Date(Date.UTC(2025, 0, 15, 10, 0, counter++)),
};

/** The real service and listener, wired to fakeBrowser as background.ts wires them to Chrome. */
export async function startBackground(server = createFakeServer()) {
  const db: CoachingDb = await openCoachingDb();
  const service = createCoachingService({
    db,
    settings: createStorageSettings(),
    fetch: server.fetch,
    clock: fixedClock,
  });
  const listener = createMessageListener(Promise.resolve(service), { extensionOrigin: EXTENSION_ORIGIN });
  fakeBrowser.runtime.onMessage.addListener(listener);
  const send = (message: unknown) => fakeBrowser.runtime.sendMessage(message) as Promise<ExtensionResponse>;
  return { db, service, server, listener, send };
}

/** Everything persisted: chrome.storage.local plus every IndexedDB store. */
export async function snapshot(db: CoachingDb) {
  return {
    storage: await fakeBrowser.storage.local.get(null),
    steps: await db.getAll('steps'),
    outbox: await db.getAll('outbox'),
    meta: await db.getAllKeys('meta'),
  };
}

export function overviewOf(response: ExtensionResponse) {
  if (!response.ok) throw new Error(`expected ok, got ${response.error.code}: ${response.error.message}`);
  return response.overview;
}

/** What the background reports with no server: local-only mode, showing `step`. */
export function localOverview(step: ActionStep | null): Overview {
  return {
    step,
    mode: 'local',
    serverUrl: null,
    teacherName: null,
    syncState: 'local-only',
    lastSyncedAt: null,
    lastError: null,
  };
}
