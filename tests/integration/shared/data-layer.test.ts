import { beforeEach, describe, expect, it } from 'vitest';
import { openCoachingDb, type CoachingDb } from '../../../shared/data/db.ts';
import { SyncError } from '../../../shared/data/errors.ts';
import { readMeta } from '../../../shared/data/meta.ts';
import { outboxSize } from '../../../shared/data/outbox.ts';
import {
  createActionStepRepository,
  type ActionStepRepository,
} from '../../../shared/data/repositories/action-steps.ts';
import { syncOnce } from '../../../shared/data/sync-client.ts';
import { aStepInput } from '../../harness/builders.ts';
import { FakeSyncServer, fixedClock, sequentialIds } from '../../harness/fake-transport.ts';

let db: CoachingDb;
let repo: ActionStepRepository;
let server: FakeSyncServer;
const clock = fixedClock();

beforeEach(async () => {
  db = await openCoachingDb('test');
  repo = createActionStepRepository(db, { clock, ids: sequentialIds() });
  server = new FakeSyncServer();
});

const sync = () => syncOnce(db, { transport: server, steps: repo, clock });

describe('local writes and the outbox', () => {
  it('stores the step and queues its change in one transaction', async () => {
    const step = await repo.setForTeacher('t1', aStepInput({ title: 'Wait time' }));
    expect((await repo.current('t1'))?.id).toBe(step.id);
    expect(await outboxSize(db)).toBe(1);
  });

  it('keeps one current step per teacher locally', async () => {
    await repo.setForTeacher('t1', aStepInput({ title: 'one' }));
    await repo.setForTeacher('t1', aStepInput({ title: 'two' }));
    const all = await repo.all();
    expect(all.filter((s) => s.status === 'current').map((s) => s.title)).toEqual(['two']);
  });

  it('local-only steps are never queued for a server', async () => {
    await repo.setLocal(aStepInput({ title: 'my own' }));
    expect(await outboxSize(db)).toBe(0);
    expect((await repo.current())?.title).toBe('my own');
  });
});

describe('sync', () => {
  it('pushes oldest first, empties the outbox and pulls the server state', async () => {
    await repo.setForTeacher('t1', aStepInput({ title: 'one' }));
    await repo.setForTeacher('t1', aStepInput({ title: 'two' }));
    const report = await sync();
    expect(server.received.map((c) => c.step.title)).toEqual(['one', 'two']);
    expect(report.pushed).toBe(2);
    expect(await outboxSize(db)).toBe(0);
    expect(await readMeta(db, 'cursor')).toBe(report.cursor);
    expect((await repo.current('t1'))?.title).toBe('two');
  });

  it('keeps the change queued while offline and sends it once when back', async () => {
    await repo.setForTeacher('t1', aStepInput({ title: 'offline edit' }));
    server.offline = true;
    await expect(sync()).rejects.toSatisfy((error: unknown) => error instanceof SyncError && error.retriable);
    expect(await outboxSize(db)).toBe(1);
    expect((await repo.current('t1'))?.title).toBe('offline edit');
    server.offline = false;
    await sync();
    await sync();
    expect(server.received).toHaveLength(1);
    expect(await outboxSize(db)).toBe(0);
  });

  it('drops a refused change from the outbox and records why', async () => {
    server.refuse = () => 'That teacher is not in this course.';
    await repo.setForTeacher('stranger', aStepInput());
    const report = await sync();
    expect(report.rejected).toEqual(['That teacher is not in this course.']);
    expect(await outboxSize(db)).toBe(0);
    expect(await readMeta(db, 'lastRejection')).toMatch(/not in this course/);
  });

  it('pulls only what changed since the stored cursor', async () => {
    await repo.setForTeacher('t1', aStepInput());
    const first = await sync();
    const second = await sync();
    expect(first.pulled).toBe(1);
    expect(second.pulled).toBe(0);
  });

  it('keeps pulling while the server says there is more, storing each page as it comes', async () => {
    const coachDb = await openCoachingDb('coach-device');
    const coach = createActionStepRepository(coachDb, { clock, ids: sequentialIds('coach') });
    const teachers = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
    for (const teacher of teachers)
      await coach.setForTeacher(teacher, aStepInput({ title: `for ${teacher}` }));
    await syncOnce(coachDb, { transport: server, steps: coach, clock });
    server.pageSize = 3;
    const pullsBefore = server.pulls.length;

    const report = await sync();

    expect(server.pulls.slice(pullsBefore)).toEqual(['0', '3', '6']);
    expect(report.pulled).toBe(7);
    expect(report.cursor).toBe('7');
    expect(await readMeta(db, 'cursor')).toBe('7');
    const current = await Promise.all(teachers.map((teacher) => repo.current(teacher)));
    expect(current.map((step) => step?.title)).toEqual(teachers.map((teacher) => `for ${teacher}`));
  });

  it('stops when aborted, leaving the outbox intact', async () => {
    await repo.setForTeacher('t1', aStepInput());
    const controller = new AbortController();
    controller.abort();
    await expect(
      syncOnce(db, { transport: server, steps: repo, clock, signal: controller.signal }),
    ).rejects.toThrow();
    expect(await outboxSize(db)).toBe(1);
  });
});
