import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { requestJson } from '../../shared/data/http-transport.ts';
import { SyncError } from '../../shared/data/errors.ts';
import { randomIds, systemClock, type Clock, type IdSource } from '../../shared/data/ports.ts';
import { CheckInInputSchema, type CheckInInput } from '../../shared/domain/coaching/practice.ts';
import { IdSchema, IsoDateSchema } from '../../shared/domain/coaching/text.ts';
import { describeIssues } from '../../shared/domain/validation.ts';
import { CheckInResponseSchema, PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { CHECK_IN_KEY_PREFIX } from '../storage.ts';
import { reportError } from '../errors.ts';
import { createSerialQueue } from './serial-queue.ts';
import type { Settings } from './settings.ts';

export const MAX_NOTE_CHARS = 280;
/** Only the newest are kept in the browser: a short list to look back on, not an archive. */
export const KEEP_CHECK_INS = 30;
export const CHECK_IN_RETRY_ALARM = 'check-ins';

/**
 * "I planned for this": a tick and an optional line, kept in this browser. `state` is the outbox:
 * 'pending' waits for the server, 'sent' is stored there (the id is the idempotency key), 'local'
 * never leaves the browser (local-only mode), 'refused' was turned down for good (`error` says why).
 */
export const StoredCheckInSchema = v.object({
  id: IdSchema,
  actionStepId: v.nullable(IdSchema),
  note: v.pipe(v.string(), v.maxLength(MAX_NOTE_CHARS)),
  at: IsoDateSchema,
  state: v.picklist(['pending', 'sent', 'local', 'refused']),
  error: v.optional(v.string()),
});
export type StoredCheckIn = v.InferOutput<typeof StoredCheckInSchema>;

type StorageKey = `local:${string}`;
const keyOf = (id: string): StorageKey => `${CHECK_IN_KEY_PREFIX}${id}` as StorageKey;
const STORAGE_AREA_PREFIX = CHECK_IN_KEY_PREFIX.replace(/^local:/, '');

/** Every stored check-in, newest first. Each has its own key, so the page that writes one and the
 *  background that sends it never overwrite each other's changes. Unreadable entries are skipped. */
export async function readCheckIns(): Promise<StoredCheckIn[]> {
  const all = await browser.storage.local.get(null);
  const entries: StoredCheckIn[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(STORAGE_AREA_PREFIX)) continue;
    const parsed = v.safeParse(StoredCheckInSchema, value);
    if (parsed.success) entries.push(parsed.output);
  }
  return entries.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
}

/** Calls `callback` whenever a check-in is added or changes state; returns the unwatch function. */
export function watchCheckIns(callback: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && Object.keys(changes).some((key) => key.startsWith(STORAGE_AREA_PREFIX)))
      callback();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

export type NewCheckIn = { note: string; actionStepId: string | null; paired: boolean };

/**
 * Stores a "planned" tick from the popup or the side panel. Only the teacher's words go into it,
 * never anything from the page. Throws a ValiError for a note that is too long.
 */
export async function addCheckIn(
  input: NewCheckIn,
  deps: { clock?: Clock; ids?: IdSource } = {},
): Promise<StoredCheckIn> {
  const entry = v.parse(StoredCheckInSchema, {
    id: (deps.ids ?? randomIds).newId(),
    actionStepId: input.actionStepId,
    note: input.note.trim(),
    at: (deps.clock ?? systemClock).now().toISOString(),
    state: input.paired ? 'pending' : 'local',
  });
  await storage.setItem(keyOf(entry.id), entry);
  await prune();
  return entry;
}

/** Keeps the newest KEEP_CHECK_INS, but never drops one still waiting to be sent. */
async function prune(): Promise<void> {
  const all = await readCheckIns();
  const old = all.slice(KEEP_CHECK_INS).filter((entry) => entry.state !== 'pending');
  if (old.length > 0) await storage.removeItems(old.map((entry) => keyOf(entry.id)));
}

/** The note as the server takes it: "I planned for this" is the outcome 'planned'. */
export function toCheckInInput(entry: StoredCheckIn): CheckInInput {
  return v.parse(CheckInInputSchema, {
    id: entry.id,
    actionStepId: entry.actionStepId,
    outcome: 'planned',
    note: entry.note,
  });
}

export interface CheckInOutboxDeps {
  settings: { read(): Promise<Pick<Settings, 'serverUrl' | 'deviceToken'>> };
  fetch?: typeof fetch;
}

export interface CheckInOutbox {
  /**
   * Sends pending check-ins, oldest first, each with its own id so a repeat after a lost reply is
   * the same check-in on the server. Stops at the first failure that may clear up by itself
   * (offline, 5xx, 401) and says so by resolving `false`; a refusal (4xx) is final for that entry.
   */
  drain(): Promise<boolean>;
  /** Keeps pending check-ins in the browser only: they are never sent to another pairing. */
  setAside(): Promise<void>;
}

export function createCheckInOutbox(deps: CheckInOutboxDeps): CheckInOutbox {
  const serial = createSerialQueue();

  async function update(entry: StoredCheckIn, change: Partial<StoredCheckIn>): Promise<void> {
    // Re-read: the entry may have been pruned or unpaired away meanwhile.
    const current = await storage.getItem<StoredCheckIn>(keyOf(entry.id));
    if (current) await storage.setItem(keyOf(entry.id), { ...current, ...change });
  }

  async function drainNow(): Promise<boolean> {
    const { serverUrl, deviceToken } = await deps.settings.read();
    if (serverUrl === null || deviceToken === null) return true;
    const pending = (await readCheckIns()).filter((entry) => entry.state === 'pending').reverse();
    for (const entry of pending) {
      try {
        await requestJson(
          { baseUrl: serverUrl, token: () => deviceToken, fetch: deps.fetch },
          PRACTICE_API.checkIns,
          { method: 'POST', body: toCheckInInput(entry) },
          CheckInResponseSchema,
        );
        await update(entry, { state: 'sent' });
      } catch (error) {
        // Revoked: nothing to retry until the teacher pairs again (which sets them aside, below).
        if (error instanceof SyncError && error.reason === 'unauthenticated') return true;
        if (error instanceof SyncError && !error.retriable) {
          await update(entry, { state: 'refused', error: error.message });
          continue;
        }
        if (error instanceof v.ValiError) {
          await update(entry, { state: 'refused', error: describeIssues(error.issues) });
          continue;
        }
        if (!(error instanceof SyncError)) reportError('check-in send', error);
        return false;
      }
    }
    return true;
  }

  /** Pairing changed (disconnected, or another account): what was waiting belongs to nobody now. */
  async function setAsideNow(): Promise<void> {
    const pending = (await readCheckIns()).filter((entry) => entry.state === 'pending');
    for (const entry of pending) await update(entry, { state: 'local' });
  }

  return { drain: () => serial(drainNow), setAside: () => serial(setAsideNow) };
}

/**
 * Background wiring: send when a check-in is added, after every sync (so "Sync now" sends them
 * too), at startup, and on a retry alarm set after a failure that may clear up by itself.
 */
export function registerCheckInOutbox(
  outbox: CheckInOutbox,
  triggers: {
    watchSync(callback: () => void): () => void;
    watchPairing(callback: () => void): () => void;
  },
): Promise<void> {
  const drain = async () => {
    const done = await outbox.drain();
    if (!done) await browser.alarms.create(CHECK_IN_RETRY_ALARM, { delayInMinutes: 5 });
  };
  const run = () => {
    drain().catch((error: unknown) => reportError('check-in outbox', error));
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CHECK_IN_RETRY_ALARM) run();
  });
  browser.runtime.onStartup.addListener(run);
  watchCheckIns(run);
  triggers.watchSync(run);
  triggers.watchPairing(() => {
    outbox.setAside().catch((error: unknown) => reportError('check-in outbox', error));
  });
  return drain().catch((error: unknown) => reportError('check-in outbox', error));
}

/** Check-ins as a UI lists them: the words, when, and whether the coach has them. */
export function describeCheckInState(entry: StoredCheckIn): string {
  switch (entry.state) {
    case 'sent':
      return 'Shared with your coach';
    case 'pending':
      return 'Waiting to send';
    case 'local':
      return 'Kept in this browser';
    case 'refused':
      return `Not sent: ${entry.error ?? 'the server refused it'}`;
  }
}
