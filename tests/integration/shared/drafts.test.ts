import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DB_VERSION, openCoachingDb, type CoachingDb } from '../../../shared/data/db.ts';
import {
  createDraftStore,
  draftKey,
  nextSavedAt,
  reconcileDrafts,
  type DraftStore,
  type PracticeDraft,
} from '../../../shared/data/drafts.ts';

const KEY = draftKey('user-1.course-1', 'link-0001');

function aDraft(overrides: Partial<PracticeDraft> = {}): PracticeDraft {
  return {
    roundId: 'round-0001',
    script: 'Eyes on me in 3, 2, 1.',
    selfAssessment: ['secure', null],
    audio: null,
    savedAt: '2025-01-06T10:00:00.000Z',
    dirty: true,
    ...overrides,
  };
}

function anAudio(text = 'pretend opus bytes', id = 'audio-0001') {
  return { id, blob: new Blob([text], { type: 'audio/webm' }), type: 'audio/webm', durationMs: 4200 };
}

let db: CoachingDb;
let store: DraftStore;

beforeEach(async () => {
  db = await openCoachingDb('drafts-test');
  store = createDraftStore(db);
});

describe('DraftStore on IndexedDB', () => {
  it('keys a draft by storage key and link key', () => {
    expect(KEY).toBe('user-1.course-1:link-0001');
  });

  it('saves, loads and deletes a draft', async () => {
    expect(await store.load(KEY)).toBeNull();

    await store.save(KEY, aDraft());

    expect(await store.load(KEY)).toEqual(aDraft());
    expect(await store.load(draftKey('user-1.course-1', 'link-0002'))).toBeNull();

    await store.delete(KEY);
    expect(await store.load(KEY)).toBeNull();
  });

  it('keeps the recording’s bytes and type, and survives the database being reopened', async () => {
    await store.save(KEY, aDraft({ audio: anAudio() }));
    db.close();

    const reopened = createDraftStore(await openCoachingDb('drafts-test'));
    const loaded = await reopened.load(KEY);

    expect(loaded?.audio).toMatchObject({ id: 'audio-0001', type: 'audio/webm', durationMs: 4200 });
    expect(loaded?.audio?.blob.type).toBe('audio/webm');
    expect(await loaded?.audio?.blob.text()).toBe('pretend opus bytes');
  });

  it('keeps the recording through text-only saves and drops it when discarded', async () => {
    await store.save(KEY, aDraft({ audio: anAudio() }));
    const loaded = await store.load(KEY);
    if (!loaded) throw new Error('no draft');

    await store.save(KEY, { ...loaded, script: 'Changed the script.' });
    expect(await (await store.load(KEY))?.audio?.blob.text()).toBe('pretend opus bytes');

    await store.save(KEY, { ...loaded, audio: anAudio('a new take', 'audio-0002') });
    expect(await (await store.load(KEY))?.audio?.blob.text()).toBe('a new take');

    expect(await db.count('draftAudio')).toBe(1);

    await store.save(KEY, { ...loaded, audio: null });
    expect((await store.load(KEY))?.audio).toBeNull();
    expect(await db.count('draftAudio')).toBe(0);
  });

  it('deletes the recording with its draft', async () => {
    await store.save(KEY, aDraft({ audio: anAudio() }));
    const other = draftKey('user-1.course-1', 'link-0002');
    await store.save(other, aDraft({ audio: anAudio('another activity', 'audio-0009') }));

    await store.delete(KEY);

    expect(await db.count('draftAudio')).toBe(1);
    expect(await (await store.load(other))?.audio?.blob.text()).toBe('another activity');
  });

  it('clears the dirty flag only for the save the server confirmed', async () => {
    await store.save(KEY, aDraft({ savedAt: '2025-01-06T10:00:01.000Z' }));

    // The server confirmed an older save: a newer edit is still unsent.
    expect(await store.markSynced(KEY, '2025-01-06T10:00:00.000Z')).toBe(false);
    expect((await store.load(KEY))?.dirty).toBe(true);

    expect(await store.markSynced(KEY, '2025-01-06T10:00:01.000Z')).toBe(true);
    expect((await store.load(KEY))?.dirty).toBe(false);
    expect(await store.markSynced('nobody:nothing', '2025-01-06T10:00:01.000Z')).toBe(false);
  });

  it('treats an unreadable record as no draft, and a recording that does not match as none', async () => {
    await db.put('drafts', { roundId: 'x' } as never, KEY);
    expect(await store.load(KEY)).toBeNull();

    await store.save(KEY, aDraft({ audio: anAudio() }));
    const [audioKey] = await db.getAllKeys('draftAudio');
    if (!audioKey) throw new Error('no recording stored');
    await db.put(
      'draftAudio',
      { id: 'someone-else', type: 'audio/webm', bytes: new ArrayBuffer(4) },
      audioKey,
    );
    expect((await store.load(KEY))?.audio).toBeNull();
    expect((await store.load(KEY))?.script).toBe('Eyes on me in 3, 2, 1.');
  });

  it('upgrades a version 1 database without touching its stores', async () => {
    db.close();
    const v1 = await openDB('from-v1', 1, {
      upgrade(raw) {
        const steps = raw.createObjectStore('steps', { keyPath: 'id' });
        steps.createIndex('by-teacher', 'teacherId');
        raw.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        raw.createObjectStore('meta');
      },
    });
    await v1.put('steps', { id: 'step-0001', teacherId: 't1', title: 'Wait time' });
    await v1.put('meta', 'cursor-7', 'cursor');
    v1.close();

    const upgraded = await openCoachingDb('from-v1');

    expect(upgraded.version).toBe(DB_VERSION);
    expect([...upgraded.objectStoreNames].sort()).toEqual([
      'checkIns',
      'cycleRecords',
      'draftAudio',
      'drafts',
      'meta',
      'outbox',
      'steps',
    ]);
    expect(await upgraded.get('steps', 'step-0001')).toMatchObject({ title: 'Wait time' });
    expect(await upgraded.get('meta', 'cursor')).toBe('cursor-7');
    await createDraftStore(upgraded).save(KEY, aDraft());
    expect(await createDraftStore(upgraded).load(KEY)).toEqual(aDraft());
  });
});

describe('reconcileDrafts', () => {
  const remote = (savedAt: string, script = 'From the other device') => ({
    content: { roundId: 'round-0002', script, selfAssessment: [null, 'not-yet' as const] },
    savedAt,
  });

  it('has nothing to continue when neither copy exists', () => {
    expect(reconcileDrafts(null, null)).toBeNull();
  });

  it('takes the server’s copy when it is newer, keeping this device’s recording', () => {
    const local = aDraft({ audio: anAudio(), savedAt: '2025-01-06T10:00:00.000Z' });

    const draft = reconcileDrafts(local, remote('2025-01-06T11:00:00.000Z'));

    expect(draft).toMatchObject({
      roundId: 'round-0002',
      script: 'From the other device',
      selfAssessment: [null, 'not-yet'],
      savedAt: '2025-01-06T11:00:00.000Z',
      dirty: false,
    });
    expect(draft?.audio?.id).toBe('audio-0001');
  });

  it('keeps this device’s copy when it is newer (or as new), marked for sending', () => {
    const local = aDraft({ savedAt: '2025-01-06T12:00:00.000Z', dirty: false });

    expect(reconcileDrafts(local, remote('2025-01-06T11:00:00.000Z'))).toEqual({ ...local, dirty: true });
    expect(reconcileDrafts(local, remote('2025-01-06T12:00:00.000Z'))).toEqual(local);
    expect(reconcileDrafts(local, null)).toEqual({ ...local, dirty: true });
  });

  it('makes savedAt strictly increasing', () => {
    const now = new Date('2025-01-06T10:00:00.000Z');
    expect(nextSavedAt('', now)).toBe('2025-01-06T10:00:00.000Z');
    expect(nextSavedAt('2025-01-06T10:00:00.000Z', now)).toBe('2025-01-06T10:00:00.001Z');
    expect(nextSavedAt('2025-01-06T09:00:00.000Z', now)).toBe('2025-01-06T10:00:00.000Z');
  });
});
