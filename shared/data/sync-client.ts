import type { CoachingDb } from './db.ts';
import { SyncError } from './errors.ts';
import { readMeta, writeMeta } from './meta.ts';
import { peekOutbox, removeFromOutbox, type QueuedItem } from './outbox.ts';
import type { Clock, SyncTransport } from './ports.ts';
import type { CheckInInput } from '../domain/coaching/practice.ts';
import { MAX_CHANGES_PER_PUSH, type Change } from '../protocol/sync.ts';
import type { ActionStepRepository } from './repositories/action-steps.ts';
import { settleCheckIn } from './repositories/check-ins.ts';
import { cycleSaveFor, settleCycleSave, uploadFor } from './repositories/cycle-records.ts';
import type { CycleSaveRef } from './db.ts';

/** A sync stops pulling after this many pages (a server that never stops saying "more" is broken). */
export const MAX_PULL_PAGES = 1000;

export interface SyncReport {
  pushed: number;
  rejected: string[];
  /** Check-ins the server now has, and those it refused for good (each record says why). */
  checkIns: { sent: number; refused: number };
  pulled: number;
  cursor: string;
}

type QueuedChange = Extract<QueuedItem, { change: Change }>;
type QueuedCheckIn = Extract<QueuedItem, { checkIn: CheckInInput }>;
type QueuedCycleSave = Extract<QueuedItem, { cycleSave: CycleSaveRef }>;

/**
 * Sends the observation or conversation at the head of the queue, as it is now, after the
 * recording it names if this device holds it. A conflict or a refusal (of either) is an answer
 * the record keeps (the coach decides); offline, 5xx or a revoked token end this sync with the
 * entry in its place.
 */
async function sendCycleSave(
  db: CoachingDb,
  item: QueuedCycleSave,
  deps: { transport: SyncTransport; clock: Clock; signal?: AbortSignal },
): Promise<void> {
  const save = await cycleSaveFor(db, item.cycleSave);
  if (save) {
    try {
      const upload = await uploadFor(db, save);
      if (upload) await deps.transport.uploadMedia(upload.id, upload.blob, deps.signal);
      await settleCycleSave(db, save, await deps.transport.saveCycleRecord(save, deps.signal), deps.clock);
    } catch (error) {
      if (!(error instanceof SyncError) || error.retriable || error.reason === 'unauthenticated') throw error;
      await settleCycleSave(db, save, { status: 'refused', message: error.message }, deps.clock);
    }
  }
  await removeFromOutbox(db, [item.seq]);
}

/** The step changes at the head of the queue, up to the first check-in: they go in one push. */
function leadingChanges(batch: readonly QueuedItem[]): QueuedChange[] {
  const changes: QueuedChange[] = [];
  for (const item of batch) {
    if (!('change' in item)) break;
    changes.push(item);
  }
  return changes;
}

/**
 * Sends the check-in at the head of the queue. A refusal (4xx) is final: the record says why
 * and the entry leaves the queue. Offline, 5xx, a revoked token or an abort end this sync with
 * the check-in still waiting, in its place.
 */
async function sendCheckIn(
  db: CoachingDb,
  item: QueuedCheckIn,
  transport: SyncTransport,
  signal: AbortSignal | undefined,
): Promise<'sent' | 'refused'> {
  const entry = { seq: item.seq, id: item.checkIn.id };
  try {
    await transport.checkIn(item.checkIn, signal);
  } catch (error) {
    if (!(error instanceof SyncError) || error.retriable || error.reason === 'unauthenticated') throw error;
    await settleCheckIn(db, entry, { state: 'refused', error: error.message });
    return 'refused';
  }
  await settleCheckIn(db, entry, { state: 'sent' });
  return 'sent';
}

/**
 * One round of sync: drain the outbox oldest first (step changes a push at a time, check-ins one
 * by one to their own endpoint), then pull everything since the last cursor, a page at a time.
 * Safe to repeat after any failure: pushes and check-ins are idempotent by id, and the cursor
 * only moves after the pulled steps are stored.
 */
export async function syncOnce(
  db: CoachingDb,
  deps: { transport: SyncTransport; steps: ActionStepRepository; clock: Clock; signal?: AbortSignal },
): Promise<SyncReport> {
  let pushed = 0;
  const rejected: string[] = [];
  const checkIns = { sent: 0, refused: 0 };
  for (;;) {
    deps.signal?.throwIfAborted();
    const batch = await peekOutbox(db, MAX_CHANGES_PER_PUSH);
    const [head] = batch;
    if (head === undefined) break;
    if ('cycleSave' in head) {
      await sendCycleSave(db, head, deps);
      continue;
    }
    if ('checkIn' in head) {
      checkIns[await sendCheckIn(db, head, deps.transport, deps.signal)] += 1;
      continue;
    }
    const changes = leadingChanges(batch);
    const response = await deps.transport.push(
      { changes: changes.map((entry) => entry.change) },
      deps.signal,
    );
    const done = new Set(response.results.map((result) => result.changeId));
    for (const result of response.results) {
      if (result.status === 'rejected') rejected.push(result.message ?? 'The server refused a change.');
      else pushed += 1;
    }
    const settled = changes.filter((entry) => done.has(entry.change.id)).map((entry) => entry.seq);
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
  return { pushed, rejected, checkIns, pulled, cursor };
}
