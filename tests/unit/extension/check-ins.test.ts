import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startCheckInOutbox } from '../../../extension/services/check-ins-background.ts';
import {
  addCheckIn,
  CHECK_IN_RETRY_ALARM,
  createCheckInOutbox,
  KEEP_CHECK_INS,
  readCheckIns,
} from '../../../extension/services/check-ins.ts';
import { createStorageSettings } from '../../../extension/services/settings.ts';
import { deviceTokenItem, serverUrlItem, syncStateItem } from '../../../extension/storage.ts';

const SERVER = 'https://coach.example.org';
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

/** The check-in endpoint: records each POST, answers with `next()` (default 201). */
function fakeCheckInServer() {
  const calls: Call[] = [];
  let next: () => Response | Promise<Response> = () => new Response('{}');
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
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
  new Response(
    JSON.stringify({
      checkIn: {
        id: body.id,
        actionStepId: body.actionStepId,
        outcome: body.outcome,
        note: body.note,
        at: '2026-03-10T09:00:00.000Z',
      },
    }),
    { status, headers: { 'Content-Type': 'application/json' } },
  );

async function pair() {
  await serverUrlItem.setValue(SERVER);
  await deviceTokenItem.setValue('dev_abcdefghijklmnopqrstuvwxyz');
}

describe('check-in outbox', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('keeps a local-only check-in in the browser and never sends it', async () => {
    const server = fakeCheckInServer();
    const entry = await addCheckIn(
      { note: '  In Tuesday’s plan ', actionStepId: STEP_ID, paired: false },
      { ids, clock },
    );
    expect(entry).toMatchObject({ note: 'In Tuesday’s plan', state: 'local' });
    await pair();
    const outbox = createCheckInOutbox({ settings: createStorageSettings(), fetch: server.fetch });
    expect(await outbox.drain()).toBe(true);
    expect(server.calls).toEqual([]);
    expect((await readCheckIns())[0]?.state).toBe('local');
  });

  it('sends a paired check-in as outcome "planned" with the device token, once', async () => {
    await pair();
    const server = fakeCheckInServer();
    const entry = await addCheckIn({ note: 'slide 3', actionStepId: STEP_ID, paired: true }, { ids, clock });
    const outbox = createCheckInOutbox({ settings: createStorageSettings(), fetch: server.fetch });
    server.answer(() => stored(server.calls.at(-1)!.body));
    expect(await outbox.drain()).toBe(true);
    expect(await outbox.drain()).toBe(true);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toEqual({
      url: `${SERVER}/api/check-ins`,
      auth: 'Bearer dev_abcdefghijklmnopqrstuvwxyz',
      // Only the teacher's own words, the tick and the step: nothing from any page.
      body: { id: entry.id, actionStepId: STEP_ID, linkKey: null, outcome: 'planned', note: 'slide 3' },
    });
    expect((await readCheckIns())[0]?.state).toBe('sent');
  });

  it('after a failure, sends again with the same id, and only until it is stored', async () => {
    await pair();
    const server = fakeCheckInServer();
    const entry = await addCheckIn({ note: '', actionStepId: STEP_ID, paired: true }, { ids, clock });
    const outbox = createCheckInOutbox({ settings: createStorageSettings(), fetch: server.fetch });
    server.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await outbox.drain()).toBe(false);
    server.answer(() => new Response('{}', { status: 503 }));
    expect(await outbox.drain()).toBe(false);
    expect((await readCheckIns())[0]?.state).toBe('pending');
    // The first reply was lost after the server stored it: it answers 200 with the same one.
    server.answer(() => stored(server.calls.at(-1)!.body, 200));
    expect(await outbox.drain()).toBe(true);
    expect(await outbox.drain()).toBe(true);
    expect(server.calls.map((call) => call.body.id)).toEqual([entry.id, entry.id, entry.id]);
    expect((await readCheckIns())[0]?.state).toBe('sent');
  });

  it('marks a refused check-in (409: no current step) and does not retry it', async () => {
    await pair();
    const server = fakeCheckInServer();
    await addCheckIn({ note: '', actionStepId: null, paired: true }, { ids, clock });
    server.answer(
      () =>
        new Response(
          JSON.stringify({
            error: { code: 'conflict', message: 'You have no current action step to check in on yet.' },
          }),
          { status: 409 },
        ),
    );
    const outbox = createCheckInOutbox({ settings: createStorageSettings(), fetch: server.fetch });
    expect(await outbox.drain()).toBe(true);
    expect(await outbox.drain()).toBe(true);
    expect(server.calls).toHaveLength(1);
    expect((await readCheckIns())[0]).toMatchObject({
      state: 'refused',
      error: 'You have no current action step to check in on yet.',
    });
  });

  it('refuses a note over 280 characters before storing anything', async () => {
    await expect(
      addCheckIn({ note: 'x'.repeat(281), actionStepId: null, paired: false }, { ids, clock }),
    ).rejects.toThrow();
    expect(await readCheckIns()).toEqual([]);
  });

  it('keeps only the newest once sent, but never drops one still waiting', async () => {
    await addCheckIn({ note: 'oldest, waiting', actionStepId: null, paired: true }, { ids, clock });
    for (let i = 0; i < KEEP_CHECK_INS + 2; i += 1) {
      await addCheckIn({ note: `local ${i}`, actionStepId: null, paired: false }, { ids, clock });
    }
    const all = await readCheckIns();
    expect(all).toHaveLength(KEEP_CHECK_INS + 1);
    expect(all[0]?.note).toBe(`local ${KEEP_CHECK_INS + 1}`);
    expect(all.at(-1)?.note).toBe('oldest, waiting');
  });
});

describe('check-in outbox in the background', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('sends a new check-in at once, retries by alarm after going offline, and after a good sync', async () => {
    await pair();
    const server = fakeCheckInServer();
    server.answer(() => Promise.reject(new TypeError('offline')));
    await startCheckInOutbox(createStorageSettings(), server.fetch);
    await addCheckIn({ note: 'a', actionStepId: STEP_ID, paired: true }, { ids, clock });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(CHECK_IN_RETRY_ALARM)).toBeDefined());
    expect(server.calls).toHaveLength(1);

    server.answer(() => stored(server.calls.at(-1)!.body));
    await syncStateItem.setValue('synced');
    await vi.waitFor(async () => expect((await readCheckIns())[0]?.state).toBe('sent'));
    expect(server.calls).toHaveLength(2);
  });

  it('sets waiting check-ins aside when the browser is disconnected: they never reach another account', async () => {
    await pair();
    const server = fakeCheckInServer();
    server.answer(() => Promise.reject(new TypeError('offline')));
    await startCheckInOutbox(createStorageSettings(), server.fetch);
    await addCheckIn({ note: 'a', actionStepId: STEP_ID, paired: true }, { ids, clock });
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    await deviceTokenItem.setValue(null);
    await vi.waitFor(async () => expect((await readCheckIns())[0]?.state).toBe('local'));
    server.answer(() => stored(server.calls.at(-1)!.body));
    await pair();
    await syncStateItem.setValue('synced');
    await fakeBrowser.alarms.onAlarm.trigger({
      name: CHECK_IN_RETRY_ALARM,
      scheduledTime: Date.now(),
      persistAcrossSessions: false,
    });
    expect((await readCheckIns())[0]?.state).toBe('local');
    expect(server.calls).toHaveLength(1);
  });
});
