import { beforeEach, describe, expect, it } from 'vitest';
import { openCoachingDb, type CoachingDb } from '../../../shared/data/db.ts';
import { SyncError } from '../../../shared/data/errors.ts';
import { outboxSize } from '../../../shared/data/outbox.ts';
import type { SyncTransport } from '../../../shared/data/ports.ts';
import {
  createActionStepRepository,
  type ActionStepRepository,
} from '../../../shared/data/repositories/action-steps.ts';
import {
  createCheckInRepository,
  KEEP_CHECK_INS,
  type CheckInRepository,
} from '../../../shared/data/repositories/check-ins.ts';
import { syncOnce } from '../../../shared/data/sync-client.ts';
import { aStepInput } from '../../harness/builders.ts';
import { FakeSyncServer, sequentialIds } from '../../harness/fake-transport.ts';

let db: CoachingDb;
let steps: ActionStepRepository;
let checkIns: CheckInRepository;
let server: FakeSyncServer;
/** What reached the server, in order: `push:<titles>` or `check-in:<note>`. */
let order: string[];
let minute = 0;
const clock = { now: () => new Date(Date.UTC(2026, 2, 10, 9, minute++)) };

beforeEach(async () => {
  db = await openCoachingDb('test');
  const ids = sequentialIds();
  steps = createActionStepRepository(db, { clock, ids });
  checkIns = createCheckInRepository(db, { clock, ids });
  server = new FakeSyncServer();
  order = [];
});

/** The fake server, with every push and check-in it is sent written down in order. */
function recording(): SyncTransport {
  return {
    push: async (request) => {
      const response = await server.push(request);
      order.push(`push:${request.changes.map((change) => change.step.title).join(',')}`);
      return response;
    },
    pull: (cursor) => server.pull(cursor),
    checkIn: async (checkIn) => {
      await server.checkIn(checkIn);
      order.push(`check-in:${checkIn.note}`);
    },
    saveCycleRecord: (save) => server.saveCycleRecord(save),
    uploadMedia: (id, blob) => server.uploadMedia(id, blob),
  };
}

const sync = () => syncOnce(db, { transport: recording(), steps, clock });

describe('check-ins in the outbox', () => {
  it('keeps a paired check-in as pending and queues it in the same transaction', async () => {
    const entry = await checkIns.add({ note: ' slide 3 ', actionStepId: null }, { queue: true });
    expect(entry).toMatchObject({ note: 'slide 3', state: 'pending' });
    expect(await outboxSize(db, 'check-in')).toBe(1);
    expect(await outboxSize(db, 'change')).toBe(0);
  });

  it('keeps a local-only check-in out of the outbox', async () => {
    await checkIns.add({ note: 'mine', actionStepId: null }, { queue: false });
    expect(await outboxSize(db)).toBe(0);
    expect(await checkIns.all()).toEqual([expect.objectContaining({ note: 'mine', state: 'local' })]);
  });

  it('refuses a note over 280 characters before storing anything', async () => {
    await expect(
      checkIns.add({ note: 'x'.repeat(281), actionStepId: null }, { queue: true }),
    ).rejects.toThrow();
    expect(await checkIns.all()).toEqual([]);
    expect(await outboxSize(db)).toBe(0);
  });

  it('keeps only the newest once sent, but never drops one still waiting', async () => {
    await checkIns.add({ note: 'oldest, waiting', actionStepId: null }, { queue: true });
    for (let i = 0; i < KEEP_CHECK_INS + 2; i += 1) {
      await checkIns.add({ note: `local ${i}`, actionStepId: null }, { queue: false });
    }
    const all = await checkIns.all();
    expect(all).toHaveLength(KEEP_CHECK_INS + 1);
    expect(all[0]?.note).toBe(`local ${KEEP_CHECK_INS + 1}`);
    expect(all.at(-1)?.note).toBe('oldest, waiting');
  });
});

describe('one drain loop for step changes and check-ins', () => {
  it('sends them in the order they were made, step changes batched between check-ins', async () => {
    await steps.setForTeacher('t1', aStepInput({ title: 'one' }));
    await steps.setForTeacher('t2', aStepInput({ title: 'two' }));
    await checkIns.add({ note: 'planned', actionStepId: null }, { queue: true });
    await steps.setForTeacher('t1', aStepInput({ title: 'three' }));

    const report = await sync();

    expect(order).toEqual(['push:one,two', 'check-in:planned', 'push:three']);
    expect(report).toMatchObject({ pushed: 3, checkIns: { sent: 1, refused: 0 } });
    expect(await outboxSize(db)).toBe(0);
    expect((await checkIns.all())[0]?.state).toBe('sent');
  });

  it('sends a check-in again with the same id after going offline, and once it is stored, never again', async () => {
    const entry = await checkIns.add({ note: 'planned', actionStepId: null }, { queue: true });
    server.offline = true;
    await expect(sync()).rejects.toBeInstanceOf(SyncError);
    expect((await checkIns.all())[0]?.state).toBe('pending');

    server.offline = false;
    await sync();
    await sync();

    expect(server.checkIns.get(entry.id)).toMatchObject({ id: entry.id, outcome: 'planned' });
    expect(server.receivedCheckIns.map((checkIn) => checkIn.id)).toEqual([entry.id]);
    expect((await checkIns.all())[0]?.state).toBe('sent');
  });

  it('marks a refused check-in with the server’s reason and goes on with what follows it', async () => {
    server.refuseCheckIn = () => 'You have no current action step to check in on yet.';
    await checkIns.add({ note: 'planned', actionStepId: null }, { queue: true });
    await steps.setForTeacher('t1', aStepInput({ title: 'after' }));

    const report = await sync();

    expect(report.checkIns).toEqual({ sent: 0, refused: 1 });
    expect(order).toEqual(['push:after']);
    expect((await checkIns.all())[0]).toMatchObject({
      state: 'refused',
      error: 'You have no current action step to check in on yet.',
    });
    expect(await outboxSize(db)).toBe(0);
  });

  it('a check-in that cannot go yet holds back what was made after it (first in, first out)', async () => {
    await checkIns.add({ note: 'planned', actionStepId: null }, { queue: true });
    await steps.setForTeacher('t1', aStepInput({ title: 'after' }));
    const transport = recording();
    transport.checkIn = () => Promise.reject(new SyncError('server', 'The server answered 503.'));

    await expect(syncOnce(db, { transport, steps, clock })).rejects.toMatchObject({ reason: 'server' });

    expect(order).toEqual([]);
    expect(await outboxSize(db, 'check-in')).toBe(1);
    expect(await outboxSize(db, 'change')).toBe(1);
  });

  it('drops an outbox entry it cannot read instead of retrying it forever', async () => {
    await db.add('outbox', { checkIn: { id: 'x', outcome: 'maybe' } as never, attempts: 0 });
    await checkIns.add({ note: 'fine', actionStepId: null }, { queue: true });

    await sync();

    expect(order).toEqual(['check-in:fine']);
    expect(await outboxSize(db)).toBe(0);
  });
});
