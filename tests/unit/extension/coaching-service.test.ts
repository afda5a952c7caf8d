import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { API } from '../../../shared/protocol/api.ts';
import type { ActionStepInput } from '../../../shared/domain/coaching/action-step.ts';
import {
  deviceTokenItem,
  serverUrlItem,
  stepRevisionItem,
  teacherNameItem,
} from '../../../extension/storage.ts';
import { describeSync } from '../../../extension/state/sync-status.ts';
import type { Change } from '../../../shared/protocol/sync.ts';
import { localOverview, overviewOf, snapshot, startBackground } from './coaching-harness.ts';
import {
  BAD_CODE_MESSAGE,
  DEVICE_TOKEN,
  GOOD_CODE,
  SERVER_URL,
  createFakeServer,
  makeStep,
} from './fake-server.ts';

const localStep: ActionStepInput = {
  goal: 'Calm, purposeful transitions',
  title: 'Narrate the positive during transitions',
  what: '',
  successCriteria: ['Name three students following the routine'],
  whenToPractise: 'Every lesson change-over',
  why: '',
};

async function pairedBackground() {
  const server = createFakeServer();
  server.steps = [makeStep()];
  const background = await startBackground(server);
  overviewOf(await background.send({ type: 'pair', serverUrl: `${SERVER_URL}/`, code: 'k7qm-2xpd' }));
  return background;
}

describe('coaching service', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('starts in local-only mode with no step', async () => {
    const { send } = await startBackground();
    expect(overviewOf(await send({ type: 'get-overview' }))).toEqual(localOverview(null));
  });

  it('pairs: stores the server, token and name, then syncs the coach-set step', async () => {
    const { server, send } = await pairedBackground();

    expect(await serverUrlItem.getValue()).toBe(SERVER_URL);
    expect(await deviceTokenItem.getValue()).toBe(DEVICE_TOKEN);
    expect(await teacherNameItem.getValue()).toBe('Ada Lovelace');
    expect(server.calls[0]).toMatchObject({ method: 'POST', path: API.pair, body: { code: GOOD_CODE } });
    expect(server.calls[0]?.authorization).toBeNull();
    expect(server.calls).toContainEqual(
      expect.objectContaining({ method: 'GET', path: API.syncPull, authorization: `Bearer ${DEVICE_TOKEN}` }),
    );

    const overview = overviewOf(await send({ type: 'get-overview' }));
    expect(overview).toMatchObject({
      mode: 'paired',
      serverUrl: SERVER_URL,
      teacherName: 'Ada Lovelace',
      syncState: 'synced',
      lastError: null,
    });
    expect(overview.step?.title).toBe(makeStep().title);
    expect(overview.lastSyncedAt).not.toBeNull();
  });

  it('pairing clears the local-only step', async () => {
    const server = createFakeServer();
    const { send } = await startBackground(server);
    overviewOf(await send({ type: 'set-local-step', step: localStep }));
    const overview = overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    expect(overview.step).toBeNull();
  });

  it('a refused pairing code returns the server message and stores nothing', async () => {
    const { db, send } = await startBackground();
    overviewOf(await send({ type: 'set-local-step', step: localStep }));
    const before = await snapshot(db);

    const response = await send({ type: 'pair', serverUrl: SERVER_URL, code: 'ZZZZ-ZZZZ' });

    expect(response).toEqual({ ok: false, error: { code: 'rejected', message: BAD_CODE_MESSAGE } });
    expect(await snapshot(db)).toEqual(before);
    expect(await deviceTokenItem.getValue()).toBeNull();
  });

  it('sync-now pulls a newer step and shows the latest current one', async () => {
    const { server, send } = await pairedBackground();
    const revision = await stepRevisionItem.getValue();
    server.steps = [
      makeStep({ status: 'archived' }),
      makeStep({ id: 'step-0002', title: 'Cold call after think time', setAt: '2025-01-14T09:00:00.000Z' }),
    ];

    const overview = overviewOf(await send({ type: 'sync-now' }));

    expect(overview.step).toMatchObject({ id: 'step-0002', title: 'Cold call after think time' });
    expect(overview.syncState).toBe('synced');
    expect(await stepRevisionItem.getValue()).toBeGreaterThan(revision);
  });

  it('a 401 marks the connection revoked but keeps the last step visible', async () => {
    const { server, send, service } = await pairedBackground();
    server.revoked = true;

    const overview = overviewOf(await send({ type: 'sync-now' }));

    expect(overview.syncState).toBe('revoked');
    expect(overview.step?.title).toBe(makeStep().title);
    expect(overview.lastError).toMatch(/^This browser was disconnected from the coaching server; pair again/);
    expect(describeSync(overview)).toBe(overview.lastError);

    // The alarm does not keep hammering the server with a revoked token.
    const calls = server.calls.length;
    await service.syncIfDue();
    expect(server.calls).toHaveLength(calls);
  });

  it('offline marks the state offline and keeps the step', async () => {
    const { server, send } = await pairedBackground();
    server.online = false;

    const overview = overviewOf(await send({ type: 'sync-now' }));

    expect(overview.syncState).toBe('offline');
    expect(overview.lastError).toBe('Could not reach the coaching server.');
    expect(overview.step?.title).toBe(makeStep().title);

    server.online = true;
    expect(overviewOf(await send({ type: 'sync-now' }))).toMatchObject({
      syncState: 'synced',
      lastError: null,
    });
  });

  it('concurrent sync requests share one round trip', async () => {
    const { server, send } = await pairedBackground();
    const before = server.calls.length;
    const [a, b] = await Promise.all([send({ type: 'sync-now' }), send({ type: 'sync-now' })]);
    expect(overviewOf(a).syncState).toBe('synced');
    expect(overviewOf(b).syncState).toBe('synced');
    expect(server.calls.length - before).toBe(1);
  });

  it.each([
    ['not an object', 'get-overview'],
    ['an unknown type', { type: 'format-disk' }],
    ['a bad server URL', { type: 'pair', serverUrl: 'http://coach.example.org', code: GOOD_CODE }],
    ['a malformed pairing code', { type: 'pair', serverUrl: SERVER_URL, code: 'OOPS' }],
    ['a step without criteria', { type: 'set-local-step', step: { ...localStep, successCriteria: [] } }],
  ])('rejects %s with invalid-message and changes nothing', async (_name, message) => {
    const { db, server, send } = await startBackground();
    overviewOf(await send({ type: 'set-local-step', step: localStep }));
    const before = await snapshot(db);

    const response = await send(message);

    expect(response.ok).toBe(false);
    expect(!response.ok && response.error.code).toBe('invalid-message');
    expect(!response.ok && response.error.message.length).toBeGreaterThan(0);
    expect(await snapshot(db)).toEqual(before);
    expect(server.calls).toEqual([]);
  });

  it('set-local-step stores the step when not paired', async () => {
    const { send } = await startBackground();
    const overview = overviewOf(
      await send({ type: 'set-local-step', step: { ...localStep, title: '  Padded  ' } }),
    );
    expect(overview.step).toMatchObject({ title: 'Padded', teacherId: 'local', status: 'current' });
    expect(overview.syncState).toBe('local-only');
    expect(await stepRevisionItem.getValue()).toBe(1);
  });

  it('set-local-step is refused when paired, and the coach-set step stays', async () => {
    const { db, send } = await pairedBackground();
    const before = await snapshot(db);

    const response = await send({ type: 'set-local-step', step: localStep });

    expect(response).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await snapshot(db)).toEqual(before);
  });

  it('pair is refused while already paired', async () => {
    const { send } = await pairedBackground();
    const response = await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE });
    expect(response).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('unpair tells the server, then forgets the token and every stored step', async () => {
    const { db, server, send } = await pairedBackground();

    const overview = overviewOf(await send({ type: 'unpair' }));

    expect(server.calls.at(-1)).toMatchObject({
      method: 'DELETE',
      path: API.currentDevice,
      authorization: `Bearer ${DEVICE_TOKEN}`,
    });
    expect(overview).toMatchObject({ mode: 'local', step: null, syncState: 'local-only', serverUrl: null });
    expect(await deviceTokenItem.getValue()).toBeNull();
    expect(await db.count('steps')).toBe(0);
    expect(await db.count('meta')).toBe(0);
  });

  it('unpair still forgets everything when the server cannot be reached', async () => {
    const { server, send } = await pairedBackground();
    server.online = false;
    expect(overviewOf(await send({ type: 'unpair' }))).toMatchObject({ mode: 'local', step: null });
    expect(await deviceTokenItem.getValue()).toBeNull();
  });

  it('content scripts may read the overview but not pair', async () => {
    const { listener, server } = await startBackground();
    const contentScript = { tab: { id: 3 } as never, url: 'https://docs.google.com/document/d/abc/edit' };
    const reply = (message: unknown) =>
      new Promise((resolve) => expect(listener(message, contentScript, resolve)).toBe(true));

    expect(await reply({ type: 'get-overview' })).toMatchObject({ ok: true });
    expect(await reply({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(server.calls).toEqual([]);
  });

  describe('privacy controls and visible sync state', () => {
    const change: Change = {
      id: 'change-0001',
      kind: 'set-action-step',
      madeAt: '2025-01-15T10:00:00.000Z',
      teacherId: 'teacher-ada',
      stepId: 'step-0099',
      step: localStep,
    };

    it('export-data returns settings without the device token, the steps and the outbox', async () => {
      const { db, send } = await pairedBackground();
      await db.add('outbox', { change, attempts: 0 });
      const checkIn = { id: 'check-in-1', note: 'Planned the do-now' };
      await fakeBrowser.storage.local.set({ 'checkIn:check-in-1': checkIn, overlayCollapsed: true });

      const response = await send({ type: 'export-data' });

      expect(response.ok).toBe(true);
      const exported = response.ok ? response.exported : undefined;
      expect(exported).toMatchObject({
        format: 'action-step-coach-export',
        settings: { serverUrl: SERVER_URL, teacherName: 'Ada Lovelace', syncState: 'synced' },
        steps: [{ id: makeStep().id, title: makeStep().title }],
        outbox: [change],
        checkIns: [checkIn],
        preferences: { overlayCollapsed: true },
      });
      expect(exported?.preferences).not.toHaveProperty('serverUrl');
      expect(JSON.stringify(exported)).not.toContain(DEVICE_TOKEN);
    });

    it('content scripts may not export', async () => {
      const { listener } = await pairedBackground();
      const contentScript = { tab: { id: 3 } as never, url: 'https://docs.google.com/document/d/abc/edit' };
      const reply = await new Promise((resolve) => listener({ type: 'export-data' }, contentScript, resolve));
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });

    it('delete-everything revokes on the server, then empties IndexedDB and storage', async () => {
      const { db, server, send } = await pairedBackground();
      await db.add('outbox', { change, attempts: 0 });
      await fakeBrowser.storage.local.set({ overlayCollapsed: true });

      const overview = overviewOf(await send({ type: 'delete-everything' }));

      expect(server.calls.at(-1)).toMatchObject({
        method: 'DELETE',
        path: API.currentDevice,
        authorization: `Bearer ${DEVICE_TOKEN}`,
      });
      expect(overview).toEqual(localOverview(null));
      const after = await snapshot(db);
      expect(after).toMatchObject({ steps: [], outbox: [], meta: [] });
      // Only the revision counter that tells open pages to refresh is written back.
      expect(Object.keys(after.storage)).toEqual(['stepRevision']);
    });

    it('delete-everything still deletes when the server cannot be reached', async () => {
      const { db, server, send } = await pairedBackground();
      server.online = false;
      expect(overviewOf(await send({ type: 'delete-everything' }))).toEqual(localOverview(null));
      expect(await db.count('steps')).toBe(0);
      expect(await deviceTokenItem.getValue()).toBeNull();
    });

    it('shows how many changes wait in the outbox while offline', async () => {
      const { db, server, send } = await pairedBackground();
      await db.add('outbox', { change, attempts: 0 });
      server.online = false;

      const overview = overviewOf(await send({ type: 'sync-now' }));

      expect(overview).toMatchObject({ syncState: 'offline', pendingChanges: 1 });
      expect(describeSync(overview)).toMatch(/1 change waiting to be sent\.$/);
    });

    it('a change the server refuses shows as a conflict instead of vanishing', async () => {
      const server = createFakeServer();
      server.steps = [makeStep()];
      const refused = 'The coach set a newer step.';
      let refuse = true;
      const base = server.fetch;
      server.fetch = async (input, init = {}) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (url.pathname !== API.syncPush) return base(input, init);
        const { changes } = JSON.parse(String(init.body)) as { changes: Change[] };
        const results = changes.map((c) =>
          refuse
            ? { changeId: c.id, status: 'rejected', message: refused }
            : { changeId: c.id, status: 'applied' },
        );
        return Response.json({ results });
      };
      const { db, send } = await startBackground(server);
      overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
      await db.add('outbox', { change, attempts: 0 });

      const overview = overviewOf(await send({ type: 'sync-now' }));

      expect(overview).toMatchObject({ syncState: 'synced', pendingChanges: 0, conflict: refused });
      expect(overview.step?.title).toBe(makeStep().title);
      expect(describeSync(overview)).toContain(`Conflict: the server kept its version. ${refused}`);

      // The note stays until a sync goes through without a refusal.
      refuse = false;
      await db.add('outbox', { change: { ...change, id: 'change-0002' }, attempts: 0 });
      expect(overviewOf(await send({ type: 'sync-now' })).conflict).toBeNull();
    });

    it('after a revocation the teacher can carry on in local-only mode', async () => {
      const { server, send } = await pairedBackground();
      server.revoked = true;
      overviewOf(await send({ type: 'sync-now' }));

      const overview = overviewOf(await send({ type: 'set-local-step', step: localStep }));

      expect(overview).toMatchObject({ mode: 'local', syncState: 'local-only', serverUrl: null });
      expect(overview.step?.title).toBe(localStep.title);
      expect(await deviceTokenItem.getValue()).toBeNull();
    });
  });
});
