import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ActionStep } from '../domain/coaching/action-step.ts';
import type { CheckInInput } from '../domain/coaching/practice.ts';
import type { StoredCheckIn } from '../domain/coaching/stored-check-in.ts';
import type { Change } from '../protocol/sync.ts';

/**
 * One thing waiting for the server, oldest first by `seq`: a step change (pushed with others to
 * the sync endpoint) or, from v3, a check-in (sent to its own endpoint). Both drain in one loop.
 */
export type OutboxEntry = { seq?: number; attempts: number } & (
  | { change: Change; checkIn?: undefined; cycleSave?: undefined }
  | { checkIn: CheckInInput; change?: undefined; cycleSave?: undefined }
  /** v4: "send this observation or conversation as it now is" (repositories/cycle-records.ts). */
  | { cycleSave: CycleSaveRef; change?: undefined; checkIn?: undefined }
);

/** Which record an outbox entry sends: the record itself is read when it is sent, as it is then. */
export interface CycleSaveRef {
  kind: 'observation' | 'conversation';
  id: string;
}

/**
 * A practice draft's text part and the facts about its recording (v2). Read back through
 * drafts.ts, which re-validates it: never trust a stored record's shape.
 */
export interface StoredDraft {
  roundId: string;
  script: string;
  selfAssessment: ('secure' | 'not-yet' | null)[];
  audio: { id: string; type: string; durationMs: number } | null;
  savedAt: string;
  dirty: boolean;
}

/**
 * A draft's recording, stored apart from the text so typing never rewrites megabytes (v2).
 * Bytes, not a Blob: every browser (and fake-indexeddb) can clone an ArrayBuffer.
 */
export interface StoredDraftAudio {
  id: string;
  type: string;
  bytes: ArrayBuffer;
}

export interface CoachingDbSchema extends DBSchema {
  steps: { key: string; value: ActionStep; indexes: { 'by-teacher': string } };
  outbox: { key: number; value: OutboxEntry };
  meta: { key: string; value: unknown };
  /** v2: one practice draft per `<storageKey>:<linkKey>` (see drafts.ts). */
  drafts: { key: string; value: StoredDraft };
  /** v2: the draft's recording, keyed `<draft key>\u0000<audio id>` (see drafts.ts). */
  draftAudio: { key: string; value: StoredDraftAudio };
  /**
   * v3: "I planned for this" check-ins by id, with their state (repositories/check-ins.ts). One
   * waiting for the server also has an outbox entry, written in the same transaction.
   */
  checkIns: { key: string; value: StoredCheckIn };
  /**
   * v4: a coach's observations and coaching conversations on this device, drafts included, by
   * id (repositories/cycle-records.ts re-validates every record it reads).
   */
  cycleRecords: { key: string; value: unknown; indexes: { 'by-teacher': string } };
}

export type CoachingDb = IDBPDatabase<CoachingDbSchema>;

export const DB_VERSION = 4;

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
      if (oldVersion < 2) {
        // Additive only: v1 stores and their data are untouched.
        db.createObjectStore('drafts');
        db.createObjectStore('draftAudio');
      }
      if (oldVersion < 3) {
        // Additive only. Check-ins kept in storage.local by older versions are moved in by the
        // extension's background at start-up (extension/services/check-in-migration.ts).
        db.createObjectStore('checkIns', { keyPath: 'id' });
      }
      if (oldVersion < 4) {
        // Additive only: the coach's cycle records.
        db.createObjectStore('cycleRecords', { keyPath: 'id' }).createIndex('by-teacher', 'teacherId');
      }
    },
  });
}
