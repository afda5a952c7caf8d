import * as v from 'valibot';
import type { CoachingDb } from '../../shared/data/db.ts';
import { enqueueCheckIn } from '../../shared/data/outbox.ts';
import {
  StoredCheckInSchema,
  toCheckInInput,
  type StoredCheckIn,
} from '../../shared/domain/coaching/stored-check-in.ts';
import { describeIssues } from '../../shared/domain/validation.ts';
import { CHECK_IN_KEY_PREFIX } from '../storage.ts';

/** The parts of `browser.storage.local` this needs. */
export interface LegacyCheckInArea {
  get(keys: null): Promise<Record<string, unknown>>;
  remove(keys: string[]): Promise<void>;
}

/** storage.local's own key prefix (WXT's `local:` names the area, not the key). */
const LEGACY_PREFIX = CHECK_IN_KEY_PREFIX.replace(/^local:/, '');

/** What the old outbox would have sent, or why the server could never take it. */
function checkInInputOf(entry: StoredCheckIn) {
  try {
    return { ok: true as const, checkIn: toCheckInInput(entry) };
  } catch (error) {
    if (error instanceof v.ValiError) return { ok: false as const, error: describeIssues(error.issues) };
    throw error;
  }
}

/**
 * Moves check-ins that versions before the IndexedDB outbox kept in storage.local (one key per
 * check-in) into IndexedDB, once: each record as it was, and those still 'pending' into the
 * outbox, oldest first, so the one sync loop sends them. The storage.local keys are removed only
 * after the transaction commits; a start-up interrupted in between finds the records already
 * there next time and only removes the keys (an id is never queued twice). One that cannot be
 * read is left where it was (it is still exported). Resolves to how many pending ones were queued.
 */
export async function migrateStoredCheckIns(db: CoachingDb, area: LegacyCheckInArea): Promise<number> {
  const all = await area.get(null);
  const legacy: { key: string; entry: StoredCheckIn }[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(LEGACY_PREFIX)) continue;
    const parsed = v.safeParse(StoredCheckInSchema, value);
    if (parsed.success) legacy.push({ key, entry: parsed.output });
  }
  if (legacy.length === 0) return 0;
  legacy.sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.entry.id.localeCompare(b.entry.id));

  let queued = 0;
  const tx = db.transaction(['checkIns', 'outbox'], 'readwrite');
  const store = tx.objectStore('checkIns');
  for (const { entry } of legacy) {
    if (await store.get(entry.id)) continue;
    if (entry.state !== 'pending') {
      await store.put(entry);
      continue;
    }
    const input = checkInInputOf(entry);
    if (input.ok) {
      await store.put(entry);
      await enqueueCheckIn(tx, input.checkIn);
      queued += 1;
    } else {
      // The old outbox would have refused it the same way when sending.
      await store.put({ ...entry, state: 'refused', error: input.error });
    }
  }
  await tx.done;
  await area.remove(legacy.map(({ key }) => key));
  return queued;
}
