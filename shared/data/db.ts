import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ActionStep } from '../domain/coaching/action-step.ts';
import type { Change } from '../protocol/sync.ts';

export interface OutboxEntry {
  seq?: number;
  change: Change;
  attempts: number;
}

export interface CoachingDbSchema extends DBSchema {
  steps: { key: string; value: ActionStep; indexes: { 'by-teacher': string } };
  outbox: { key: number; value: OutboxEntry };
  meta: { key: string; value: unknown };
}

export type CoachingDb = IDBPDatabase<CoachingDbSchema>;

export const DB_VERSION = 1;

/** Opens (and upgrades) the coaching database. Upgrade steps run in order, one per version. */
export function openCoachingDb(name = 'coaching'): Promise<CoachingDb> {
  return openDB<CoachingDbSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const steps = db.createObjectStore('steps', { keyPath: 'id' });
        steps.createIndex('by-teacher', 'teacherId');
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        db.createObjectStore('meta');
      }
    },
  });
}
