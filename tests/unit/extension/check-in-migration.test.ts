import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCoachingDb, type CoachingDb } from '../../../shared/data/db.ts';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { readCheckIns } from '../../../extension/services/check-ins.ts';
import { migrateStoredCheckIns } from '../../../extension/services/check-in-migration.ts';
import { deviceTokenItem, serverUrlItem } from '../../../extension/storage.ts';

const SERVER = 'https://coach.example.org';
const STEP_ID = '00000000-0000-4000-8000-00000000aaaa';

/** A check-in as versions before the IndexedDB outbox kept it: `checkIn:<id>` in storage.local. */
function legacy(id: string, state: string, at: string, extra: Record<string, unknown> = {}) {
  const entry = {
    id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    actionStepId: STEP_ID,
    note: `check-in ${id}`,
    at,
    state,
    ...extra,
  };
  return { [`checkIn:${entry.id}`]: entry };
}

const OLD_INSTALL = {
  // Stored newest first on purpose: the outbox must still get them oldest first.
  ...legacy('3', 'pending', '2026-03-10T09:03:00.000Z'),
  ...legacy('1', 'pending', '2026-03-10T09:01:00.000Z'),
  ...legacy('2', 'sent', '2026-03-10T09:02:00.000Z'),
  ...legacy('4', 'local', '2026-03-10T09:04:00.000Z'),
  ...legacy('5', 'refused', '2026-03-10T09:05:00.000Z', { error: 'No current step.' }),
  'checkIn:unreadable': { id: 'x', note: 42 },
  overlayCollapsed: true,
};

const idOf = (n: string) => `00000000-0000-4000-8000-${n.padStart(12, '0')}`;

describe('check-ins from storage.local move into the IndexedDB outbox once', () => {
  let db: CoachingDb;
  beforeEach(async () => {
    fakeBrowser.reset();
    db = await openCoachingDb();
  });

  it('keeps every readable one as it was, queues the waiting ones oldest first, and removes their keys', async () => {
    await fakeBrowser.storage.local.set(OLD_INSTALL);

    expect(await migrateStoredCheckIns(db, fakeBrowser.storage.local)).toBe(2);

    const kept = await db.getAll('checkIns');
    expect(kept.map((entry) => [entry.note, entry.state])).toEqual([
      ['check-in 1', 'pending'],
      ['check-in 2', 'sent'],
      ['check-in 3', 'pending'],
      ['check-in 4', 'local'],
      ['check-in 5', 'refused'],
    ]);
    expect(kept[4]).toMatchObject({ error: 'No current step.' });
    const outbox = await db.getAll('outbox');
    expect(outbox.map((entry) => entry.checkIn?.id)).toEqual([idOf('1'), idOf('3')]);
    expect(outbox[0]?.checkIn).toEqual({
      id: idOf('1'),
      actionStepId: STEP_ID,
      linkKey: null,
      outcome: 'planned',
      note: 'check-in 1',
    });
    // What it could not read stays where it was (and is still exported), as do other settings.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({
      'checkIn:unreadable': { id: 'x', note: 42 },
      overlayCollapsed: true,
    });
  });

  it('does nothing the second time: no check-in is queued twice', async () => {
    await fakeBrowser.storage.local.set(OLD_INSTALL);
    await migrateStoredCheckIns(db, fakeBrowser.storage.local);

    expect(await migrateStoredCheckIns(db, fakeBrowser.storage.local)).toBe(0);

    expect(await db.count('checkIns')).toBe(5);
    expect(await db.count('outbox')).toBe(2);
  });

  it('after a start-up stopped between the move and the clean-up, only removes the keys', async () => {
    await fakeBrowser.storage.local.set(OLD_INSTALL);
    await migrateStoredCheckIns(db, fakeBrowser.storage.local);
    // As if the keys had not been removed: the browser stopped the worker in between.
    await fakeBrowser.storage.local.set(OLD_INSTALL);

    expect(await migrateStoredCheckIns(db, fakeBrowser.storage.local)).toBe(0);

    expect(await db.count('outbox')).toBe(2);
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual([
      'checkIn:unreadable',
      'overlayCollapsed',
    ]);
  });

  it('never overwrites a check-in IndexedDB already has (sent since)', async () => {
    await fakeBrowser.storage.local.set(OLD_INSTALL);
    await migrateStoredCheckIns(db, fakeBrowser.storage.local);
    const sent = await db.get('checkIns', idOf('1'));
    await db.put('checkIns', { ...sent!, state: 'sent' });
    await fakeBrowser.storage.local.set(legacy('1', 'pending', '2026-03-10T09:01:00.000Z'));

    await migrateStoredCheckIns(db, fakeBrowser.storage.local);

    expect((await db.get('checkIns', idOf('1')))?.state).toBe('sent');
  });
});

describe('an older install updated to this version', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // fakeBrowser implements neither commands nor permissions (as in background.test.ts).
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => {});
    // The site-script sync then fails on `scripting`, and says so: not this test's concern.
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('sends the check-ins that were waiting, once each, and lists them all as before', async () => {
    await serverUrlItem.setValue(SERVER);
    await deviceTokenItem.setValue('dev_abcdefghijklmnopqrstuvwxyz');
    await fakeBrowser.storage.local.set(OLD_INSTALL);
    const sent: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input));
        if (url.pathname === API.syncPull) return Response.json({ cursor: '0', steps: [] });
        if (url.pathname === PRACTICE_API.checkIns) {
          const body = JSON.parse(String(init?.body)) as { id: string; note: string };
          sent.push(body.id);
          const checkIn = {
            ...body,
            actionStepId: STEP_ID,
            outcome: 'planned',
            at: '2026-03-10T10:00:00.000Z',
          };
          return Response.json({ checkIn }, { status: 201 });
        }
        return Response.json({ error: { code: 'not-found', message: 'No such route' } }, { status: 404 });
      }),
    );
    const { default: background } = await import('../../../extension/entrypoints/background.ts');

    background.main();

    await vi.waitFor(async () =>
      expect((await readCheckIns()).map((entry) => [entry.note, entry.state])).toEqual([
        ['check-in 5', 'refused'],
        ['check-in 4', 'local'],
        ['check-in 3', 'sent'],
        ['check-in 2', 'sent'],
        ['check-in 1', 'sent'],
      ]),
    );
    expect(sent).toEqual([idOf('1'), idOf('3')]);
  });
});
