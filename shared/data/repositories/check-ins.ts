import type { IDBPObjectStore, StoreNames } from 'idb';
import * as v from 'valibot';
import {
  StoredCheckInSchema,
  toCheckInInput,
  type StoredCheckIn,
} from '../../domain/coaching/stored-check-in.ts';
import type { CoachingDb, CoachingDbSchema } from '../db.ts';
import { enqueueCheckIn } from '../outbox.ts';
import type { Clock, IdSource } from '../ports.ts';

/** Only the newest are kept in the browser: a short list to look back on, not an archive. */
export const KEEP_CHECK_INS = 30;

export interface NewCheckIn {
  note: string;
  actionStepId: string | null;
}

export interface CheckInRepository {
  /** Every kept check-in, newest first. Unreadable records (another version's format) are skipped. */
  all(): Promise<StoredCheckIn[]>;
  /**
   * Keeps a check-in. When `queue` (paired), it is 'pending' and its outbox entry is written in
   * the same transaction; otherwise it is 'local' and never leaves the browser. Throws a
   * ValiError, before storing anything, for a note the server would not take.
   */
  add(input: NewCheckIn, options: { queue: boolean }): Promise<StoredCheckIn>;
}

type CheckInStore<S extends StoreNames<CoachingDbSchema>> = IDBPObjectStore<
  CoachingDbSchema,
  ('checkIns' | S)[],
  'checkIns',
  'readwrite'
>;

function newestFirst(records: readonly unknown[]): StoredCheckIn[] {
  const readable = records.flatMap((record) => {
    const parsed = v.safeParse(StoredCheckInSchema, record);
    return parsed.success ? [parsed.output] : [];
  });
  return readable.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
}

/** Keeps the newest KEEP_CHECK_INS, but never drops one still waiting to be sent. */
async function prune<S extends StoreNames<CoachingDbSchema>>(store: CheckInStore<S>): Promise<void> {
  const old = newestFirst(await store.getAll())
    .slice(KEEP_CHECK_INS)
    .filter((entry) => entry.state !== 'pending');
  for (const entry of old) await store.delete(entry.id);
}

export function createCheckInRepository(
  db: CoachingDb,
  deps: { clock: Clock; ids: IdSource },
): CheckInRepository {
  return {
    all: async () => newestFirst(await db.getAll('checkIns')),
    async add(input, { queue }) {
      const entry = v.parse(StoredCheckInSchema, {
        id: deps.ids.newId(),
        actionStepId: input.actionStepId,
        note: input.note.trim(),
        at: deps.clock.now().toISOString(),
        state: queue ? 'pending' : 'local',
      });
      const checkIn = toCheckInInput(entry);
      const tx = db.transaction(['checkIns', 'outbox'], 'readwrite');
      const store = tx.objectStore('checkIns');
      await store.put(entry);
      if (queue) await enqueueCheckIn(tx, checkIn);
      await prune(store);
      await tx.done;
      return entry;
    },
  };
}

/**
 * The server stored the check-in, or refused it for good: its record says so, and its outbox
 * entry goes, in one transaction. A record pruned or deleted meanwhile stays gone.
 */
export async function settleCheckIn(
  db: CoachingDb,
  entry: { seq: number; id: string },
  outcome: { state: 'sent' } | { state: 'refused'; error: string },
): Promise<void> {
  const tx = db.transaction(['checkIns', 'outbox'], 'readwrite');
  const store = tx.objectStore('checkIns');
  const current = await store.get(entry.id);
  if (current) await store.put({ ...current, ...outcome });
  await tx.objectStore('outbox').delete(entry.seq);
  await tx.done;
}

/**
 * The pairing changed (disconnected, or another account): check-ins still waiting belong to
 * nobody now. They stay in this browser as 'local'; the caller clears their outbox entries in
 * the same transaction.
 */
export async function setAsidePendingCheckIns<S extends StoreNames<CoachingDbSchema>>(
  store: CheckInStore<S>,
): Promise<void> {
  for (const entry of newestFirst(await store.getAll())) {
    if (entry.state === 'pending') await store.put({ ...entry, state: 'local' });
  }
}
