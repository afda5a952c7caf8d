import type { IDBPTransaction, StoreNames } from 'idb';
import * as v from 'valibot';
import { CheckInInputSchema, type CheckInInput } from '../domain/coaching/practice.ts';
import type { Change } from '../protocol/sync.ts';
import { ChangeSchema } from '../protocol/sync.ts';
import { IdSchema } from '../domain/coaching/text.ts';
import type { CoachingDb, CoachingDbSchema, CycleSaveRef, OutboxEntry } from './db.ts';

/** A transaction that writes the outbox, and whatever else (`S`) commits with it. */
type OutboxWriteTx<S extends StoreNames<CoachingDbSchema>> = IDBPTransaction<
  CoachingDbSchema,
  ('outbox' | S)[],
  'readwrite'
>;

/** An outbox entry read back and checked: a step change or a check-in, with its place in the queue. */
export type QueuedItem = { seq: number } & (
  { change: Change } | { checkIn: CheckInInput } | { cycleSave: CycleSaveRef }
);

const CycleSaveRefSchema = v.object({
  kind: v.picklist(['observation', 'conversation']),
  id: IdSchema,
});

/** Queue sending a cycle record inside the caller's transaction (the one that marks it queued). */
export async function enqueueCycleSave<S extends StoreNames<CoachingDbSchema>>(
  tx: OutboxWriteTx<S>,
  ref: CycleSaveRef,
): Promise<void> {
  await tx.objectStore('outbox').add({ cycleSave: ref, attempts: 0 });
}

/** Queue a change inside the caller's transaction, so the local write and its outbox entry commit together. */
export async function enqueueChange<S extends StoreNames<CoachingDbSchema>>(
  tx: OutboxWriteTx<S>,
  change: Change,
): Promise<void> {
  await tx.objectStore('outbox').add({ change, attempts: 0 });
}

/** Queue a check-in inside the caller's transaction, with the check-in's own record. */
export async function enqueueCheckIn<S extends StoreNames<CoachingDbSchema>>(
  tx: OutboxWriteTx<S>,
  checkIn: CheckInInput,
): Promise<void> {
  await tx.objectStore('outbox').add({ checkIn, attempts: 0 });
}

function readable(entry: OutboxEntry): QueuedItem | null {
  if (entry.seq === undefined) return null;
  if (entry.cycleSave !== undefined) {
    return v.is(CycleSaveRefSchema, entry.cycleSave) ? { seq: entry.seq, cycleSave: entry.cycleSave } : null;
  }
  if (entry.checkIn !== undefined) {
    return v.is(CheckInInputSchema, entry.checkIn) ? { seq: entry.seq, checkIn: entry.checkIn } : null;
  }
  return v.is(ChangeSchema, entry.change) ? { seq: entry.seq, change: entry.change } : null;
}

/** Oldest first. Entries that no longer parse (an old build's format) are dropped, not retried forever. */
export async function peekOutbox(db: CoachingDb, limit: number): Promise<QueuedItem[]> {
  const entries = await db.getAll('outbox', undefined, limit);
  const items: QueuedItem[] = [];
  for (const entry of entries) {
    const item = readable(entry);
    if (item) items.push(item);
    else if (entry.seq !== undefined) await db.delete('outbox', entry.seq);
  }
  return items;
}

export async function removeFromOutbox(db: CoachingDb, seqs: readonly number[]): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...seqs.map((seq) => tx.store.delete(seq)), tx.done]);
}

/** How many entries wait; with `kind`, only step changes, only check-ins or only cycle records. */
export async function outboxSize(
  db: CoachingDb,
  kind?: 'change' | 'check-in' | 'cycle-record',
): Promise<number> {
  if (kind === undefined) return db.count('outbox');
  const entries = await db.getAll('outbox');
  const kindOf = (entry: OutboxEntry) =>
    entry.checkIn !== undefined ? 'check-in' : entry.cycleSave !== undefined ? 'cycle-record' : 'change';
  return entries.filter((entry) => kindOf(entry) === kind).length;
}
