import type { CoachingDb } from './db.ts';
import { SyncError } from './errors.ts';
import { readMeta, writeMeta } from './meta.ts';
import { peekOutbox, removeFromOutbox } from './outbox.ts';
import type { Clock, SyncTransport } from './ports.ts';
import { MAX_CHANGES_PER_PUSH } from '../protocol/sync.ts';
import type { ActionStepRepository } from './repositories/action-steps.ts';

/** A sync stops pulling after this many pages (a server that never stops saying "more" is broken). */
export const MAX_PULL_PAGES = 1000;

export interface SyncReport {
  pushed: number;
  rejected: string[];
  pulled: number;
  cursor: string;
}

/**
 * One round of sync: drain the outbox oldest first, then pull everything since the
 * last cursor, a page at a time. Safe to repeat after any failure: pushes are idempotent by change id,
 * and the cursor only moves after the pulled steps are stored.
 */
export async function syncOnce(
  db: CoachingDb,
  deps: { transport: SyncTransport; steps: ActionStepRepository; clock: Clock; signal?: AbortSignal },
): Promise<SyncReport> {
  let pushed = 0;
  const rejected: string[] = [];
  for (;;) {
    deps.signal?.throwIfAborted();
    const batch = await peekOutbox(db, MAX_CHANGES_PER_PUSH);
    if (batch.length === 0) break;
    const response = await deps.transport.push({ changes: batch.map((entry) => entry.change) }, deps.signal);
    const done = new Set(response.results.map((result) => result.changeId));
    for (const result of response.results) {
      if (result.status === 'rejected') rejected.push(result.message ?? 'The server refused a change.');
      else pushed += 1;
    }
    const settled = batch.filter((entry) => done.has(entry.change.id)).map((entry) => entry.seq);
    if (settled.length === 0)
      throw new SyncError('bad-response', 'The server answered a push without results.');
    await removeFromOutbox(db, settled);
  }
  if (rejected.length > 0) await writeMeta(db, 'lastRejection', rejected.join(' '));

  // Pull page after page while the server says there is more; each page is stored with its
  // cursor, so an interrupted sync resumes where it stopped.
  let cursor = (await readMeta(db, 'cursor')) ?? '0';
  let pulled = 0;
  for (let page = 0; ; page += 1) {
    deps.signal?.throwIfAborted();
    const response = await deps.transport.pull(cursor, deps.signal);
    await deps.steps.applyFromServer(response.steps);
    await writeMeta(db, 'cursor', response.cursor);
    pulled += response.steps.length;
    const moved = response.cursor !== cursor;
    cursor = response.cursor;
    if (!response.more) break;
    if (!moved || page + 1 >= MAX_PULL_PAGES) {
      throw new SyncError('bad-response', 'The server kept saying there was more to pull.');
    }
  }
  await writeMeta(db, 'lastSyncedAt', deps.clock.now().toISOString());
  return { pushed, rejected, pulled, cursor };
}
