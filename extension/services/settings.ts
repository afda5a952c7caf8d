import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { SyncStateSchema, type SyncState } from '../../shared/protocol/messages.ts';
import {
  checkInRevisionItem,
  deviceTokenItem,
  lastErrorItem,
  serverUrlItem,
  stepRevisionItem,
  syncStateItem,
  teacherNameItem,
} from '../storage.ts';

export interface Settings {
  serverUrl: string | null;
  deviceToken: string | null;
  teacherName: string | null;
  syncState: SyncState;
  lastError: string | null;
}

export interface Pairing {
  serverUrl: string;
  deviceToken: string;
  teacherName: string;
}

/** The background's view of persisted settings; a port so the service can be tested on any store. */
export interface SettingsStore {
  read(): Promise<Settings>;
  savePairing(pairing: Pairing): Promise<void>;
  setSyncState(syncState: SyncState, lastError: string | null): Promise<void>;
  /** Forget the server, the token and the sync health: back to local-only. */
  clear(): Promise<void>;
  /** "Delete everything": every key in storage.local, including the overlay's own preferences. */
  clearEverything(): Promise<void>;
  /** For "Export all my data": every storage.local key except the device token. */
  readExportable(): Promise<Record<string, unknown>>;
  bumpStepRevision(): Promise<void>;
  /** The kept check-ins changed: pages that list them ask again. */
  bumpCheckInRevision(): Promise<void>;
}

const NullableText = v.nullable(v.string());
/** storage.local's own key for deviceTokenItem (`local:deviceToken`). */
const DEVICE_TOKEN_KEY = 'deviceToken';

/** Anything unreadable (another version's format, a hand edit) reads as "not set". */
function valid<S extends v.GenericSchema>(schema: S, value: unknown, fallback: v.InferOutput<S>) {
  const result = v.safeParse(schema, value);
  return result.success ? result.output : fallback;
}

async function bump(item: typeof stepRevisionItem): Promise<void> {
  const current = await item.getValue();
  await item.setValue((Number.isSafeInteger(current) ? current : 0) + 1);
}

/** SettingsStore over the typed items in storage.ts (chrome.storage.local). */
export function createStorageSettings(): SettingsStore {
  return {
    async read() {
      const [serverUrl, deviceToken, teacherName, syncState, lastError] = await Promise.all([
        serverUrlItem.getValue(),
        deviceTokenItem.getValue(),
        teacherNameItem.getValue(),
        syncStateItem.getValue(),
        lastErrorItem.getValue(),
      ]);
      return {
        serverUrl: valid(NullableText, serverUrl, null),
        deviceToken: valid(NullableText, deviceToken, null),
        teacherName: valid(NullableText, teacherName, null),
        syncState: valid(SyncStateSchema, syncState, 'local-only'),
        lastError: valid(NullableText, lastError, null),
      };
    },
    async savePairing(pairing) {
      await storage.setItems([
        { item: serverUrlItem, value: pairing.serverUrl },
        { item: deviceTokenItem, value: pairing.deviceToken },
        { item: teacherNameItem, value: pairing.teacherName },
      ]);
    },
    async setSyncState(syncState, lastError) {
      await storage.setItems([
        { item: syncStateItem, value: syncState },
        { item: lastErrorItem, value: lastError },
      ]);
    },
    async clear() {
      await storage.removeItems([
        serverUrlItem,
        deviceTokenItem,
        teacherNameItem,
        syncStateItem,
        lastErrorItem,
      ]);
    },
    async readExportable() {
      const all: Record<string, unknown> = await browser.storage.local.get(null);
      return Object.fromEntries(Object.entries(all).filter(([key]) => key !== DEVICE_TOKEN_KEY));
    },
    async clearEverything() {
      await browser.storage.local.clear();
    },
    bumpStepRevision: () => bump(stepRevisionItem),
    bumpCheckInRevision: () => bump(checkInRevisionItem),
  };
}
