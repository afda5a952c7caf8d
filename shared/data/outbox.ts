import type { IDBPTransaction } from 'idb';
import type { Change } from '../protocol/sync.ts';
import { ChangeSchema } from '../protocol/sync.ts';
import * as v from 'valibot';
import type { CoachingDb, CoachingDbSchema, OutboxEntry } from './db.ts';

type OutboxWriteTx = IDBPTransaction<CoachingDbSchema, ('steps' | 'outbox')[], 'readwrite'>;

/** Queue a change inside the caller's transaction, so the local write and its outbox entry commit together. */
export async function enqueueChange(tx: OutboxWriteTx, change: Change): Promise<void> {
  await tx.objectStore('outbox').add({ change, attempts: 0 });
}

/** Oldest first. Entries that no longer parse (an old build's format) are dropped, not retried forever. */
export async function peekOutbox(db: CoachingDb, limit: number): Promise<Required<OutboxEntry>[]> {
  const entries = await db.getAll('outbox', undefined, limit);
  const readable: Required<OutboxEntry>[] = [];
  for (const entry of entries) {
    if (entry.seq === undefined) continue;
    if (v.is(ChangeSchema, entry.change)) readable.push({ ...entry, seq: entry.seq });
    else await db.delete('outbox', entry.seq);
  }
  return readable;
}

export async function removeFromOutbox(db: CoachingDb, seqs: readonly number[]): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...seqs.map((seq) => tx.store.delete(seq)), tx.done]);
}

export function outboxSize(db: CoachingDb): Promise<number> {
  return db.count('outbox');
}
