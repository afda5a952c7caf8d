import type { CoachingDb } from '../../shared/data/db.ts';

/** Empties every store in one transaction: a half-cleared DB would mix two accounts' steps. */
export async function clearCoachingDb(db: CoachingDb): Promise<void> {
  const tx = db.transaction(['steps', 'outbox', 'meta'], 'readwrite');
  await Promise.all([
    tx.objectStore('steps').clear(),
    tx.objectStore('outbox').clear(),
    tx.objectStore('meta').clear(),
    tx.done,
  ]);
}
