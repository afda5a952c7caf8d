import type { CheckInInput } from '../domain/coaching/practice.ts';
import type { CycleRecordSave, CycleSaveAnswer } from '../protocol/cycle-api.ts';
import type { PullResponse, PushRequest, PushResponse } from '../protocol/sync.ts';

export interface Clock {
  now(): Date;
}

export interface IdSource {
  newId(): string;
}

/** How a client reaches the server; HTTP in production, in-memory in tests. */
export interface SyncTransport {
  push(request: PushRequest, signal?: AbortSignal): Promise<PushResponse>;
  pull(cursor: string, signal?: AbortSignal): Promise<PullResponse>;
  /** Sends one check-in. Its id is the idempotency key: a repeat after a lost reply is the same check-in. */
  checkIn(checkIn: CheckInInput, signal?: AbortSignal): Promise<void>;
  /**
   * Saves a coach's observation or conversation (PUT, idempotent by `changeId`). A newer version
   * saved from another device first is an answer, not an error: `conflict`, with that version.
   */
  saveCycleRecord(save: CycleRecordSave, signal?: AbortSignal): Promise<CycleSaveAnswer>;
  /** Uploads a file a record refers to (a coach's model recording) before the record; idempotent by id. */
  uploadMedia(id: string, blob: Blob, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdSource = { newId: () => crypto.randomUUID() };
