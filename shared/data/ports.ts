import type { CheckInInput } from '../domain/coaching/practice.ts';
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
}

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdSource = { newId: () => crypto.randomUUID() };
