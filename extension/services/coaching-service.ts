import { syncOnce } from '../../shared/data/sync-client.ts';
import { createHttpTransport } from '../../shared/data/http-transport.ts';
import { createActionStepRepository } from '../../shared/data/repositories/action-steps.ts';
import { createCheckInRepository } from '../../shared/data/repositories/check-ins.ts';
import { readMeta } from '../../shared/data/meta.ts';
import { outboxSize } from '../../shared/data/outbox.ts';
import { randomIds, systemClock, type Clock, type IdSource } from '../../shared/data/ports.ts';
import type { CoachingDb } from '../../shared/data/db.ts';
import { SyncError } from '../../shared/data/errors.ts';
import { currentActionStep } from '../../shared/domain/coaching/action-step.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { StoredCheckIn } from '../../shared/domain/coaching/stored-check-in.ts';
import type {
  ExportedData,
  ExtensionResponse,
  Overview,
  ParsedExtensionRequest,
  SyncState,
} from '../../shared/protocol/messages.ts';
import { toErrorPayload } from './error-payload.ts';
import { clearCoachingDb } from './local-db.ts';
import { requestPairing, revokeDevice } from './pairing.ts';
import { CHECK_IN_KEY_PREFIX } from '../storage.ts';
import { reportError } from '../errors.ts';
import { createSerialQueue } from './serial-queue.ts';
import type { SettingsStore } from './settings.ts';

export interface CoachingServiceDeps {
  db: CoachingDb;
  settings: SettingsStore;
  fetch?: typeof fetch;
  clock?: Clock;
  ids?: IdSource;
  /**
   * The background sends a check-in as soon as it is queued. Without this (tests of pages), it
   * waits for the next sync.
   */
  sendCheckInsAtOnce?: boolean;
  /**
   * A sync failed in a way that may clear up (offline, 5xx) with something still in the outbox:
   * the background sets an alarm to try again soon (sync-schedule.ts).
   */
  retryLater?: () => Promise<void>;
}

export interface CoachingService {
  /** Answers one already-validated request from the popup, options page or a content script. */
  handle(request: ParsedExtensionRequest): Promise<ExtensionResponse>;
  /** For the alarm and browser startup: sync only when paired and not revoked. */
  syncIfDue(): Promise<void>;
}

type PairRequest = Extract<ParsedExtensionRequest, { type: 'pair' }>;
type AddCheckInRequest = Extract<ParsedExtensionRequest, { type: 'add-check-in' }>;

const REVOKED_MESSAGE =
  'This browser was disconnected from the coaching server; pair again. Your last step is still shown: disconnect, then pair with a new code.';
/** storage.local keys (without WXT's `local:` area prefix) already exported under `settings`. */
const SETTINGS_KEYS = new Set(['serverUrl', 'deviceToken', 'teacherName', 'syncState', 'lastError']);
const CHECK_IN_STORAGE_PREFIX = CHECK_IN_KEY_PREFIX.replace(/^local:/, '');
const INTERRUPTED_MESSAGE = 'The last sync was interrupted. Try “Sync now”.';

function syncStateFor(error: unknown): SyncState {
  if (!(error instanceof SyncError)) return 'error';
  if (error.reason === 'unauthenticated') return 'revoked';
  return error.retriable ? 'offline' : 'error';
}

/** The background's one coaching service: owns IndexedDB, the settings and the sync loop. */
export function createCoachingService(deps: CoachingServiceDeps): CoachingService {
  const clock = deps.clock ?? systemClock;
  const repo = createActionStepRepository(deps.db, { clock, ids: deps.ids ?? randomIds });
  const checkIns = createCheckInRepository(deps.db, { clock, ids: deps.ids ?? randomIds });
  const serial = createSerialQueue();
  let inflight: Promise<void> | null = null;
  let running = false;
  // Pair and unpair abort a sync in progress, so a stale sync never writes after them.
  let syncAbort = new AbortController();

  async function overview(): Promise<Overview> {
    const [settings, steps, lastSyncedAt, pendingChanges, conflict] = await Promise.all([
      deps.settings.read(),
      repo.all(),
      readMeta(deps.db, 'lastSyncedAt'),
      // Step changes only: a waiting check-in says so in the check-in list.
      outboxSize(deps.db, 'change'),
      readMeta(deps.db, 'lastRejection'),
    ]);
    const paired = settings.serverUrl !== null && settings.deviceToken !== null;
    // A service worker stopped mid-sync leaves 'syncing' behind; never show a spinner that cannot end.
    const interrupted = settings.syncState === 'syncing' && !running;
    return {
      step: currentActionStep(steps),
      mode: paired ? 'paired' : 'local',
      serverUrl: paired ? settings.serverUrl : null,
      teacherName: paired ? settings.teacherName : null,
      syncState: !paired ? 'local-only' : interrupted ? 'error' : settings.syncState,
      lastSyncedAt: paired ? lastSyncedAt : null,
      lastError: paired ? (interrupted ? INTERRUPTED_MESSAGE : settings.lastError) : null,
      // Only when paired, so local-only overviews keep their original shape.
      ...(paired ? { pendingChanges, conflict } : {}),
    };
  }

  async function runSync(signal: AbortSignal): Promise<void> {
    const { serverUrl, deviceToken, lastError } = await deps.settings.read();
    if (serverUrl === null || deviceToken === null || signal.aborted) return;
    // One drain loop for step changes and check-ins; when the check-ins waiting change (sent or
    // refused, even by a sync that then fails), pages that list them are told.
    const checkInsBefore = await outboxSize(deps.db, 'check-in');
    running = true;
    try {
      await deps.settings.setSyncState('syncing', lastError);
      const transport = createHttpTransport({
        baseUrl: serverUrl,
        token: () => deviceToken,
        fetch: deps.fetch,
      });
      const report = await syncOnce(deps.db, { transport, steps: repo, clock, signal });
      // A refused change stays visible (overview.conflict) until a sync goes through without one.
      if (report.rejected.length === 0) await deps.db.delete('meta', 'lastRejection');
      await deps.settings.setSyncState('synced', null);
      await deps.settings.bumpStepRevision();
    } catch (error) {
      if (signal.aborted) return;
      const state = syncStateFor(error);
      if (state === 'error' && !(error instanceof SyncError)) reportError('sync', error);
      await deps.settings.setSyncState(
        state,
        state === 'revoked' ? REVOKED_MESSAGE : toErrorPayload(error).message,
      );
      if (state === 'offline' && (await outboxSize(deps.db)) > 0) {
        await deps.retryLater?.().catch((retryError: unknown) => reportError('sync retry', retryError));
      }
    } finally {
      running = false;
      const checkInsAfter = await outboxSize(deps.db, 'check-in');
      if (checkInsAfter !== checkInsBefore) await deps.settings.bumpCheckInRevision();
    }
  }

  /** Concurrent callers (popup button, alarm, startup) share one sync instead of queueing several. */
  function sync(): Promise<void> {
    const signal = syncAbort.signal;
    inflight ??= serial(() => runSync(signal)).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  function abortSync(): void {
    syncAbort.abort();
    syncAbort = new AbortController();
  }

  async function pair({ serverUrl, code }: PairRequest): Promise<void> {
    if ((await deps.settings.read()).deviceToken !== null) {
      throw new DomainError('conflict', 'This browser is already connected. Disconnect first.');
    }
    // Throws before anything is stored when the server refuses the code.
    const paired = await requestPairing({ serverUrl, code, fetch: deps.fetch });
    // The local-only step belonged to nobody on the server: start clean for the paired account.
    await clearCoachingDb(deps.db);
    await deps.settings.savePairing({ serverUrl, ...paired });
    await deps.settings.bumpStepRevision();
    await runSync(syncAbort.signal);
  }

  async function addCheckIn({ note, actionStepId }: AddCheckInRequest): Promise<StoredCheckIn> {
    const { serverUrl, deviceToken } = await deps.settings.read();
    const paired = serverUrl !== null && deviceToken !== null;
    const entry = await checkIns.add({ note, actionStepId }, { queue: paired });
    await deps.settings.bumpCheckInRevision();
    return entry;
  }

  async function unpair(): Promise<void> {
    const { serverUrl, deviceToken } = await deps.settings.read();
    if (serverUrl !== null && deviceToken !== null) {
      await revokeDevice({ serverUrl, deviceToken, fetch: deps.fetch });
    }
    await clearCoachingDb(deps.db);
    await deps.settings.clear();
    await deps.settings.bumpStepRevision();
  }

  async function exportData(): Promise<ExportedData> {
    const [settings, steps, outbox, kept, lastSyncedAt, stored] = await Promise.all([
      deps.settings.read(),
      repo.all(),
      deps.db.getAll('outbox'),
      deps.db.getAll('checkIns'),
      readMeta(deps.db, 'lastSyncedAt'),
      deps.settings.readExportable(),
    ]);
    // Any an older version kept in storage.local that could not be moved into IndexedDB.
    const unmoved = Object.entries(stored).filter(([key]) => key.startsWith(CHECK_IN_STORAGE_PREFIX));
    const preferences = Object.entries(stored).filter(
      ([key]) => !key.startsWith(CHECK_IN_STORAGE_PREFIX) && !SETTINGS_KEYS.has(key),
    );
    return {
      format: 'action-step-coach-export',
      version: 1,
      exportedAt: clock.now().toISOString(),
      // Never the device token: the file may be shared, and the token is a password.
      settings: {
        serverUrl: settings.serverUrl,
        teacherName: settings.teacherName,
        syncState: settings.syncState,
        lastError: settings.lastError,
        lastSyncedAt,
      },
      steps,
      // Check-ins waiting in the outbox are exported once, as check-ins.
      outbox: outbox.flatMap((entry) => (entry.change ? [entry.change] : [])),
      checkIns: [...kept, ...unmoved.map(([, value]) => value)],
      preferences: Object.fromEntries(preferences),
    };
  }

  async function deleteEverything(): Promise<void> {
    const { serverUrl, deviceToken } = await deps.settings.read();
    if (serverUrl !== null && deviceToken !== null) {
      await revokeDevice({ serverUrl, deviceToken, fetch: deps.fetch });
    }
    const stores = ['steps', 'outbox', 'meta', 'drafts', 'draftAudio', 'checkIns'] as const;
    const tx = deps.db.transaction(stores, 'readwrite');
    await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
    await deps.settings.clearEverything();
    await deps.settings.bumpStepRevision();
  }

  async function setLocalStep(request: Extract<ParsedExtensionRequest, { type: 'set-local-step' }>) {
    const { deviceToken, syncState } = await deps.settings.read();
    if (deviceToken !== null && syncState !== 'revoked') {
      throw new DomainError(
        'forbidden',
        'This browser is connected to a coaching server: your step comes from there.',
      );
    }
    if (deviceToken !== null) {
      // The server revoked this browser: writing an own step means carrying on in local-only mode.
      await clearCoachingDb(deps.db);
      await deps.settings.clear();
    }
    await repo.setLocal(request.step);
    await deps.settings.bumpStepRevision();
  }

  async function act(request: ParsedExtensionRequest): Promise<void> {
    switch (request.type) {
      case 'get-overview':
        return;
      case 'sync-now':
        return sync();
      case 'pair':
        abortSync();
        return serial(() => pair(request));
      case 'unpair':
        abortSync();
        return serial(unpair);
      case 'set-local-step':
        return serial(() => setLocalStep(request));
      case 'export-data':
        return;
      case 'delete-everything':
        abortSync();
        return serial(deleteEverything);
      case 'add-check-in':
      case 'list-check-ins':
        // Answered by `handle` itself: their replies carry the check-ins.
        return;
      case 'open-options':
        // The message listener opens the page; the reply is the overview, as for get-overview.
        return;
    }
  }

  async function syncIfDue(): Promise<void> {
    const settings = await deps.settings.read();
    if (settings.deviceToken === null || settings.syncState === 'revoked') return;
    await sync();
  }

  return {
    async handle(request) {
      try {
        if (request.type === 'export-data') {
          const exported = await serial(exportData);
          return { ok: true, overview: await overview(), exported };
        }
        if (request.type === 'add-check-in') {
          const checkIn = await serial(() => addCheckIn(request));
          if (checkIn.state === 'pending' && deps.sendCheckInsAtOnce) {
            syncIfDue().catch((error: unknown) => reportError('check-in send', error));
          }
          return { ok: true, overview: await overview(), checkIn };
        }
        if (request.type === 'list-check-ins') {
          return { ok: true, overview: await overview(), checkIns: await checkIns.all() };
        }
        await act(request);
        return { ok: true, overview: await overview() };
      } catch (error) {
        if (!(error instanceof SyncError || error instanceof DomainError)) reportError(request.type, error);
        return { ok: false, error: toErrorPayload(error) };
      }
    },
    syncIfDue,
  };
}
