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

describe("a coach's model recorded in the meeting", () => {
  const recordedModel = (mediaId: string) => ({
    teacherId: 't1',
    model: {
      kind: 'own',
      form: 'performance',
      description: '',
      recording: { mediaId, contentType: 'audio/webm' },
    },
  });
  const take = (id: string, text = 'model audio') => ({
    id,
    blob: new Blob([text], { type: 'audio/webm;codecs=opus' }),
  });

  it('keeps the recording on the device offline, uploads it before the record, and drops it once saved', async () => {
    const id = testId();
    const takeId = `take-${testId()}`;
    await records.keepRecording(id, take(takeId));
    expect(await (await records.recording(id, takeId))?.text()).toBe('model audio');

    await records.submit({ kind: 'conversation', id, teacherId: 't1' }, recordedModel(takeId));
    server.offline = true;
    await expect(sync()).rejects.toThrow('offline');
    // The phone lost its connection: the recording and the record both wait, nothing lost.
    expect(await records.recording(id, takeId)).not.toBeNull();
    expect((await records.get(id))?.state).toBe('queued');

    server.offline = false;
    await sync();
    // The file first, then the record that names it, so the server never sees a dangling id.
    expect(server.sent).toEqual([`upload:${takeId}`, `save:${id}`]);
    expect(server.media.get(takeId)).toEqual({ type: 'audio/webm;codecs=opus', size: 11 });
    expect((await records.get(id))?.state).toBe('sent');
    // The server has it: the device's copy goes (it is the teacher's to play back from the server).
    expect(await records.recording(id, takeId)).toBeNull();
  });

  it('keeps one take per record: recording again replaces it, and discarding the record removes it', async () => {
    const id = testId();
    await records.keepRecording(id, take('first-take-1'));
    await records.keepRecording(id, take('second-take', 'again'));
    expect(await records.recording(id, 'first-take-1')).toBeNull();
    expect(await (await records.recording(id, 'second-take'))?.text()).toBe('again');
    // Another record's take is its own.
    const other = testId();
    await records.keepRecording(other, take('other-take'));
    await records.discard(id);
    expect(await records.recording(id, 'second-take')).toBeNull();
    expect(await records.recording(other, 'other-take')).not.toBeNull();
    await records.keepRecording(other, null);
    expect(await records.recording(other, 'other-take')).toBeNull();
  });

  it('records a refused upload as the reason the record was not saved, and sends no record', async () => {
    const id = testId();
    const takeId = `take-${testId()}`;
    await records.keepRecording(id, take(takeId));
    await records.submit({ kind: 'conversation', id, teacherId: 't1' }, recordedModel(takeId));
    server.refuseUpload = () => 'The model recording is larger than 10 MB: record a shorter model.';
    await sync();
    expect(await records.get(id)).toEqual(
      expect.objectContaining({
        state: 'refused',
        problem: 'The model recording is larger than 10 MB: record a shorter model.',
      }),
    );
    expect(server.receivedCycleSaves).toHaveLength(0);
    // Refused, not lost: the take stays for the coach to record again or send without it.
    expect(await records.recording(id, takeId)).not.toBeNull();
  });
});
