import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCoachingDb } from '../../../shared/data/db.ts';
import { API } from '../../../shared/protocol/api.ts';
import type { ExtensionRequest, ExtensionResponse } from '../../../shared/protocol/messages.ts';
import { addCheckIn, readCheckIns } from '../../../extension/services/check-ins.ts';
import { createCoachingService } from '../../../extension/services/coaching-service.ts';
import { createMessageListener } from '../../../extension/services/message-listener.ts';
import { createStorageSettings } from '../../../extension/services/settings.ts';
import {
  registerSyncSchedule,
  scheduleSyncRetry,
  SYNC_RETRY_ALARM,
} from '../../../extension/services/sync-schedule.ts';
import { deviceTokenItem, serverUrlItem } from '../../../extension/storage.ts';
import { EXTENSION_ORIGIN, overviewOf } from './coaching-harness.ts';

const SERVER = 'https://coach.example.org';
const TOKEN = 'dev_abcdefghijklmnopqrstuvwxyz';
const STEP_ID = '00000000-0000-4000-8000-00000000aaaa';
let n = 0;
const ids = { newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
let minute = 0;
const clock = { now: () => new Date(Date.UTC(2026, 2, 10, 9, minute++)) };

interface Call {
  url: string;
  auth: string | null;
  body: Record<string, unknown>;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * The paired server: records each check-in POST and answers it with `next()` (default 201); the
 * sync endpoints have nothing to push or pull, and disconnecting succeeds.
 */
function fakeCheckInServer() {
  const calls: Call[] = [];
  let next: () => Response | Promise<Response> = () => new Response('{}');
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.pathname === API.syncPull) return json(200, { cursor: '0', steps: [] });
    if (url.pathname === API.syncPush) return json(200, { results: [] });
    if (url.pathname === API.currentDevice) return new Response(null, { status: 204 });
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({
      url: String(input),
      auth: new Headers(init?.headers).get('Authorization'),
      body,
    });
    return next();
  });
  return {
    calls,
    fetch: fetchImpl as unknown as typeof fetch,
    answer(respond: () => Response | Promise<Response>) {
      next = respond;
    },
  };
}

const stored = (body: Record<string, unknown>, status = 201) =>
  json(status, {
    checkIn: {
      id: body.id,
      actionStepId: body.actionStepId,
      outcome: body.outcome,
      note: body.note,
      at: '2026-03-10T09:00:00.000Z',
    },
  });

/** Paired as the options page leaves it (the pairing request itself is the coaching service's test). */
async function pair() {
  await serverUrlItem.setValue(SERVER);
  await deviceTokenItem.setValue(TOKEN);
}

/**
 * The background's coaching service and message listener over `server`, as background.ts wires
 * them. With `background`, it also sends a check-in at once and retries by alarm.
 */
async function startService(server: ReturnType<typeof fakeCheckInServer>, background = false) {
  const db = await openCoachingDb();
  const service = createCoachingService({
    db,
    settings: createStorageSettings(),
    fetch: server.fetch,
    clock,
    ids,
    ...(background ? { sendCheckInsAtOnce: true, retryLater: scheduleSyncRetry } : {}),
  });
  fakeBrowser.runtime.onMessage.addListener(
    createMessageListener(Promise.resolve(service), { extensionOrigin: EXTENSION_ORIGIN }),
  );
  if (background) await registerSyncSchedule(Promise.resolve(service));
  const send = (request: ExtensionRequest) =>
    fakeBrowser.runtime.sendMessage(request) as Promise<ExtensionResponse>;
  /** "Sync now": step changes and check-ins drain in one loop. 'synced' once nothing waits that could go. */
  const drain = async () => overviewOf(await send({ type: 'sync-now' })).syncState;
  return { db, service, send, drain };
}

describe('check-ins in the one outbox', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('keeps a local-only check-in in the browser and never sends it', async () => {
    const server = fakeCheckInServer();
    const { drain } = await startService(server);
    const entry = await addCheckIn({ note: '  In Tuesday’s plan ', actionStepId: STEP_ID });
    expect(entry).toMatchObject({ note: 'In Tuesday’s plan', state: 'local' });
    await pair();
    expect(await drain()).toBe('synced');
    expect(server.calls).toEqual([]);
    expect((await readCheckIns())[0]?.state).toBe('local');
  });

  it('sends a paired check-in as outcome "planned" with the device token, once', async () => {
    await pair();
    const server = fakeCheckInServer();
    const { drain } = await startService(server);
    const entry = await addCheckIn({ note: 'slide 3', actionStepId: STEP_ID });
    expect(entry.state).toBe('pending');
    server.answer(() => stored(server.calls.at(-1)!.body));
    expect(await drain()).toBe('synced');
    expect(await drain()).toBe('synced');
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toEqual({
      url: `${SERVER}/api/check-ins`,
      auth: `Bearer ${TOKEN}`,
      // Only the teacher's own words, the tick and the step: nothing from any page.
      body: { id: entry.id, actionStepId: STEP_ID, linkKey: null, outcome: 'planned', note: 'slide 3' },
    });
    expect((await readCheckIns())[0]?.state).toBe('sent');
  });

  it('after a failure, sends again with the same id, and only until it is stored', async () => {
    await pair();
    const server = fakeCheckInServer();
    const { drain, db } = await startService(server);
    const entry = await addCheckIn({ note: '', actionStepId: STEP_ID });
    server.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await drain()).toBe('offline');
    server.answer(() => new Response('{}', { status: 503 }));
    expect(await drain()).toBe('offline');
    expect((await readCheckIns())[0]?.state).toBe('pending');
    expect(await db.count('outbox')).toBe(1);
    // The first reply was lost after the server stored it: it answers 200 with the same one.
    server.answer(() => stored(server.calls.at(-1)!.body, 200));
    expect(await drain()).toBe('synced');
    expect(await drain()).toBe('synced');
    expect(server.calls.map((call) => call.body.id)).toEqual([entry.id, entry.id, entry.id]);
    expect((await readCheckIns())[0]?.state).toBe('sent');
    expect(await db.count('outbox')).toBe(0);
  });

  it('marks a refused check-in (409: no current step) and does not retry it', async () => {
    await pair();
    const server = fakeCheckInServer();
    const { drain } = await startService(server);
    await addCheckIn({ note: '', actionStepId: null });
    server.answer(() =>
      json(409, {
        error: { code: 'conflict', message: 'You have no current action step to check in on yet.' },
      }),
    );
    expect(await drain()).toBe('synced');
    expect(await drain()).toBe('synced');
    expect(server.calls).toHaveLength(1);
    expect((await readCheckIns())[0]).toMatchObject({
      state: 'refused',
      error: 'You have no current action step to check in on yet.',
    });
  });

  it('refuses a note over 280 characters before storing anything', async () => {
    await startService(fakeCheckInServer());
    await expect(addCheckIn({ note: 'x'.repeat(281), actionStepId: null })).rejects.toThrow();
    expect(await readCheckIns()).toEqual([]);
  });

  it('shows waiting check-ins apart from step changes: the overview counts changes only', async () => {
    await pair();
    const server = fakeCheckInServer();
    const { send } = await startService(server);
    await addCheckIn({ note: 'a', actionStepId: STEP_ID });
    expect(overviewOf(await send({ type: 'get-overview' })).pendingChanges).toBe(0);
  });
});

describe('check-ins in the background', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('sends a new check-in at once, and retries by alarm after going offline', async () => {
    await pair();
    const server = fakeCheckInServer();
    server.answer(() => Promise.reject(new TypeError('offline')));
    await startService(server, true);
    await addCheckIn({ note: 'a', actionStepId: STEP_ID });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_RETRY_ALARM)).toBeDefined());
    expect(server.calls).toHaveLength(1);

    server.answer(() => stored(server.calls.at(-1)!.body));
    await fakeBrowser.alarms.onAlarm.trigger({
      name: SYNC_RETRY_ALARM,
      scheduledTime: Date.now(),
      persistAcrossSessions: false,
    });
    await vi.waitFor(async () => expect((await readCheckIns())[0]?.state).toBe('sent'));
    expect(server.calls).toHaveLength(2);
  });

  it('sets waiting check-ins aside when the browser is disconnected: they never reach another account', async () => {
    await pair();
    const server = fakeCheckInServer();
    server.answer(() => Promise.reject(new TypeError('offline')));
    const { send, drain } = await startService(server, true);
    await addCheckIn({ note: 'a', actionStepId: STEP_ID });
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    overviewOf(await send({ type: 'unpair' }));
    expect((await readCheckIns())[0]?.state).toBe('local');
    server.answer(() => stored(server.calls.at(-1)!.body));
    await pair();
    expect(await drain()).toBe('synced');
    await fakeBrowser.alarms.onAlarm.trigger({
      name: SYNC_RETRY_ALARM,
      scheduledTime: Date.now(),
      persistAcrossSessions: false,
    });
    expect((await readCheckIns())[0]?.state).toBe('local');
    expect(server.calls).toHaveLength(1);
  });
});
