import type { Sequelize } from 'sequelize';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../lti-tool/db/database.ts';
import type { ProgrammeSnapshotStore } from '../../lti-tool/programme/ports.ts';
import { createProgrammeSnapshots } from '../../lti-tool/programme/programme-snapshots.ts';
import { testId } from './builders.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
const silent = { info: () => {}, error: () => {} };

/**
 * The programme view's kept figures on a real database (run on SQLite and PostgreSQL by the
 * calling file): the newest computation wins, and a computation begun before a clear (a school
 * regrouped, someone erased) never brings old figures back.
 */
export function describeProgrammeSnapshots(open: () => Promise<Sequelize>) {
  describe('programme snapshots', () => {
    let store: ProgrammeSnapshotStore;
    let sequelize: Sequelize | undefined;
    afterAll(() => sequelize?.close());
    const tenant = () => `tenant-${testId()}`;

    it('opens the database with its migrations', async () => {
      sequelize = await open();
      store = (await createDatabase(sequelize)).programmeSnapshots;
      expect(await store.snapshot(tenant(), 'tenant|2026-03/3')).toBeNull();
    });

    it('keeps the newest computation of a key, whatever order they finish in', async () => {
      const t = tenant();
      await store.putSnapshot(t, 'k', { body: '{"n":2}', computedAt: at(2) });
      await store.putSnapshot(t, 'k', { body: '{"n":1}', computedAt: at(1) });
      expect(await store.snapshot(t, 'k')).toEqual({ body: '{"n":2}', computedAt: at(2) });
      await store.putSnapshot(t, 'k', { body: '{"n":3}', computedAt: at(3) });
      expect((await store.snapshot(t, 'k'))?.body).toBe('{"n":3}');
    });

    it('drops a tenant’s snapshots on clear, and refuses one begun before the clear', async () => {
      const [t, other] = [tenant(), tenant()];
      await store.putSnapshot(t, 'k', { body: '{}', computedAt: at(1) });
      await store.putSnapshot(other, 'k', { body: '{}', computedAt: at(1) });
      await store.clearSnapshots(t, at(5));
      expect(await store.snapshot(t, 'k')).toBeNull();
      expect(await store.snapshot(other, 'k')).not.toBeNull();
      // Begun at minute 4, finished after the clear at 5: its figures predate the change.
      await store.putSnapshot(t, 'k', { body: '{"old":true}', computedAt: at(4) });
      expect(await store.snapshot(t, 'k')).toBeNull();
      await store.putSnapshot(t, 'k', { body: '{"new":true}', computedAt: at(6) });
      expect((await store.snapshot(t, 'k'))?.body).toBe('{"new":true}');
    });

    it('computes a key once for visitors who arrive together, then answers from the kept one', async () => {
      const t = tenant();
      let computations = 0;
      const clock = { now: at(10) };
      const snapshots = createProgrammeSnapshots({
        store,
        freshMs: 5 * 60_000,
        now: () => clock.now,
        logger: silent,
      });
      const work = async () => {
        computations += 1;
        return { computations };
      };
      const together = await Promise.all([1, 2, 3].map(() => snapshots.read(t, 'k', work)));
      expect(together.map((read) => read.value)).toEqual([
        { computations: 1 },
        { computations: 1 },
        { computations: 1 },
      ]);
      clock.now = at(14);
      expect(await snapshots.read(t, 'k', work)).toEqual({
        value: { computations: 1 },
        computedAt: at(10),
        refresh: null,
      });
      // Stale: answered as kept, with the refresh to start once the answer has gone.
      clock.now = at(16);
      const stale = await snapshots.read(t, 'k', work);
      expect(stale.value).toEqual({ computations: 1 });
      expect(computations).toBe(1);
      stale.refresh!();
      await snapshots.settled();
      expect(await snapshots.read(t, 'k', work)).toEqual({
        value: { computations: 2 },
        computedAt: at(16),
        refresh: null,
      });
      expect(computations).toBe(2);
    });

    it('keeps the last figures when a refresh fails, and says why in the log', async () => {
      const t = tenant();
      const clock = { now: at(20) };
      const logged: string[] = [];
      const snapshots = createProgrammeSnapshots({
        store,
        freshMs: 60_000,
        now: () => clock.now,
        logger: {
          info: () => {},
          error: (message, meta) => logged.push(`${message} ${JSON.stringify(meta)}`),
        },
      });
      await snapshots.read(t, 'k', async () => ({ ok: 1 }));
      clock.now = at(22);
      const read = await snapshots.read(t, 'k', () => Promise.reject(new Error('connection reset')));
      expect(read.value).toEqual({ ok: 1 });
      read.refresh!();
      await snapshots.settled();
      expect(logged).toEqual([expect.stringContaining('connection reset')]);
      expect((await store.snapshot(t, 'k'))?.computedAt).toEqual(at(20));
    });

    it('computes on every visit when kept figures are off (PROGRAMME_FRESH_SECONDS=0), storing none', async () => {
      const t = tenant();
      let computations = 0;
      const snapshots = createProgrammeSnapshots({ store, freshMs: 0, now: () => at(30), logger: silent });
      for (let visit = 1; visit <= 2; visit += 1) {
        expect((await snapshots.read(t, 'k', async () => (computations += 1))).value).toBe(visit);
      }
      expect(await store.snapshot(t, 'k')).toBeNull();
    });
  });
}
