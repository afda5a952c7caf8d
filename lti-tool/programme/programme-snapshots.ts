import { describeError, type Logger } from '../core/logger.ts';
import type { ProgrammeSnapshot, ProgrammeSnapshotStore } from './ports.ts';

/**
 * A snapshot older than its fresh window is still answered with, while a new one is computed in
 * the background, up to this many windows old (an hour at the default five minutes); older than
 * that, the visitor waits for the new one.
 */
export const STALE_WINDOWS = 12;

export interface ProgrammeSnapshotsDeps {
  store: ProgrammeSnapshotStore;
  /** How long a computed view is answered with as it is; 0: computed on every visit. */
  freshMs: number;
  now: () => Date;
  logger: Logger;
}

export interface Snapshotted<T> {
  value: T;
  computedAt: Date;
  /**
   * For a stale answer: starts its refresh. Called once the answer has gone (the refresh's rows
   * and summary keep this thread busy for a while, and the answer's compression needs it too).
   */
  refresh: (() => void) | null;
}

/**
 * The programme view's figures change slowly (a month is its smallest unit), but computing them
 * for a programme reads every round, conversation and check-in of the period: at 20,000 teachers,
 * most of a second (BENCHMARKS.md, "Programme view"). So each scope's and period's view is kept
 * and answered with for `freshMs`, then refreshed behind the next visit (stale-while-revalidate).
 * One computation per key at a time in this process; several processes may each compute one,
 * and the newest is kept.
 */
export function createProgrammeSnapshots(deps: ProgrammeSnapshotsDeps) {
  const { store, freshMs, now, logger } = deps;
  const running = new Map<string, Promise<ProgrammeSnapshot>>();

  function compute(tenant: string, key: string, work: () => Promise<unknown>): Promise<ProgrammeSnapshot> {
    const id = `${tenant}\u0000${key}`;
    const already = running.get(id);
    if (already) return already;
    const computing = (async () => {
      // Begun now: a clear after this moment wins over what it computes (ports.ts).
      const computedAt = now();
      const snapshot = { body: JSON.stringify(await work()), computedAt };
      if (freshMs > 0) await store.putSnapshot(tenant, key, snapshot);
      return snapshot;
    })().finally(() => running.delete(id));
    running.set(id, computing);
    return computing;
  }

  const parsed = <T>(
    snapshot: ProgrammeSnapshot,
    refresh: Snapshotted<T>['refresh'] = null,
  ): Snapshotted<T> => ({
    value: JSON.parse(snapshot.body) as T,
    computedAt: snapshot.computedAt,
    refresh,
  });

  return {
    /**
     * The kept view of `key` if fresh enough, else `work`'s (kept for the next visit). A stale
     * one comes with its `refresh`, for the caller to start once it has answered.
     */
    async read<T>(tenant: string, key: string, work: () => Promise<T>): Promise<Snapshotted<T>> {
      if (freshMs > 0) {
        const kept = await store.snapshot(tenant, key);
        const age = kept ? now().getTime() - kept.computedAt.getTime() : Infinity;
        if (kept && age <= freshMs * STALE_WINDOWS) {
          const refresh = () => {
            compute(tenant, key, work).catch((error: unknown) =>
              logger.error('programme view refresh failed', { tenant, error: describeError(error) }),
            );
          };
          return parsed<T>(kept, age > freshMs ? refresh : null);
        }
      }
      return parsed<T>(await compute(tenant, key, work));
    },

    /** Every kept view of the tenant goes: its schools changed, so its groups did. */
    clear: (tenant: string) => store.clearSnapshots(tenant, now()),

    /** Resolves once no computation is under way (a closing server waits for its refreshes). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
}

export type ProgrammeSnapshots = ReturnType<typeof createProgrammeSnapshots>;
