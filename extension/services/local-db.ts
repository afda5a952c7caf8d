import type { CoachingDb } from '../../shared/data/db.ts';
import { setAsidePendingCheckIns } from '../../shared/data/repositories/check-ins.ts';

/**
 * Empties the account's stores in one transaction: a half-cleared DB would mix two accounts'
 * steps. Check-ins are the teacher's own and stay; those still waiting become 'local', so they
 * never reach another account (their outbox entries go with the rest of the outbox).
 */
export async function clearCoachingDb(db: CoachingDb): Promise<void> {
  const tx = db.transaction(['steps', 'outbox', 'meta', 'checkIns'], 'readwrite');
  await Promise.all([
    tx.objectStore('steps').clear(),
    tx.objectStore('outbox').clear(),
    tx.objectStore('meta').clear(),
    setAsidePendingCheckIns(tx.objectStore('checkIns')),
    tx.done,
  ]);
}
