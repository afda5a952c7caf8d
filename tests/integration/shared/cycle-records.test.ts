import { beforeEach, describe, expect, it } from 'vitest';
import { openCoachingDb, type CoachingDb } from '../../../shared/data/db.ts';
import { outboxSize } from '../../../shared/data/outbox.ts';
import { createActionStepRepository } from '../../../shared/data/repositories/action-steps.ts';
import {
  createCycleRecordRepository,
  type CycleRecordRepository,
} from '../../../shared/data/repositories/cycle-records.ts';
import { syncOnce } from '../../../shared/data/sync-client.ts';
import { testId } from '../../harness/builders.ts';
import { FakeSyncServer, fixedClock, sequentialIds } from '../../harness/fake-transport.ts';

let db: CoachingDb;
let records: CycleRecordRepository;
let server: FakeSyncServer;
const clock = fixedClock();

beforeEach(async () => {
  db = await openCoachingDb(`cycle-${testId()}`);
  records = createCycleRecordRepository(db, { clock, ids: sequentialIds('change') });
  server = new FakeSyncServer();
});

const sync = () =>
  syncOnce(db, {
    transport: server,
    steps: createActionStepRepository(db, { clock, ids: sequentialIds() }),
    clock,
  });

const observation = (pupilsDid: string) => ({ teacherId: 't1', pupilsDid });

describe("a coach's observations and conversations on a phone", () => {
  it('keeps a draft on the device, sends it once when submitted, and survives a lost connection', async () => {
    const id = testId();
    await records.saveDraft({
      kind: 'observation',
      id,
      teacherId: 't1',
      record: { pupilsDid: 'half typed' },
    });
    expect((await records.get(id))?.state).toBe('draft');
    expect(await outboxSize(db)).toBe(0);

    await records.submit({ kind: 'observation', id, teacherId: 't1' }, observation('All on task'));
    server.offline = true;
    await expect(sync()).rejects.toThrow('offline');
    // Offline: nothing lost, still queued, the text as typed.
    expect(await records.get(id)).toEqual(
      expect.objectContaining({ state: 'queued', record: observation('All on task') }),
    );
    expect(await outboxSize(db, 'cycle-record')).toBe(1);
    // An edit after Save takes it back to a draft: half-typed text is never sent.
    await records.saveDraft({ kind: 'observation', id, teacherId: 't1', record: { pupilsDid: 'All on ta' } });
    server.offline = false;
    await sync();
    expect(server.receivedCycleSaves).toHaveLength(0);
    expect((await records.get(id))?.state).toBe('draft');
    await records.submit({ kind: 'observation', id, teacherId: 't1' }, observation('All on task'));
    await sync();
    expect(await records.get(id)).toEqual(
      expect.objectContaining({ state: 'sent', baseVersion: 1, changeId: null }),
    );
    expect(server.cycleRecords.get(id)?.record).toEqual(observation('All on task'));
    expect(await outboxSize(db)).toBe(0);
    // Sent twice (the first answer lost offline never happened here), stored once.
    expect(server.receivedCycleSaves).toHaveLength(1);
  });

  it('turns an edit from a second device into a conflict that keeps both texts until the coach chooses', async () => {
    const id = testId();
    await records.submit({ kind: 'observation', id, teacherId: 't1' }, observation('phone, first'));
    await sync();
    // Another device saves version 2 meanwhile.
    server.cycleRecords.set(id, { version: 2, lastChangeId: 'other-device', record: observation('laptop') });
    await records.saveDraft({
      kind: 'observation',
      id,
      teacherId: 't1',
      record: observation('phone, edited'),
    });
    await records.submit({ kind: 'observation', id, teacherId: 't1' }, observation('phone, edited'));
    await sync();
    const conflict = await records.get(id);
    expect(conflict).toEqual(
      expect.objectContaining({
        state: 'conflict',
        record: observation('phone, edited'),
        theirs: { version: 2, record: observation('laptop') },
      }),
    );
    expect(server.cycleRecords.get(id)?.record).toEqual(observation('laptop'));

    await records.keepMine(id);
    await sync();
    expect(await records.get(id)).toEqual(expect.objectContaining({ state: 'sent', baseVersion: 3 }));
    expect(server.cycleRecords.get(id)?.record).toEqual(observation('phone, edited'));
  });

  it('can take the other version instead, and records a final refusal with its reason', async () => {
    const id = testId();
    server.cycleRecords.set(id, { version: 1, lastChangeId: 'other-device', record: observation('laptop') });
    await records.submit({ kind: 'observation', id, teacherId: 't1' }, observation('phone'));
    await sync();
    expect((await records.takeTheirs(id))?.record).toEqual(observation('laptop'));
    expect((await records.get(id))?.state).toBe('sent');

    const refused = testId();
    server.refuseCycleSave = () => 'That teacher is not in this course.';
    await records.submit({ kind: 'conversation', id: refused, teacherId: 't1' }, { teacherId: 't1' });
    await sync();
    expect(await records.get(refused)).toEqual(
      expect.objectContaining({ state: 'refused', problem: 'That teacher is not in this course.' }),
    );
    expect(await outboxSize(db)).toBe(0);
  });
});
