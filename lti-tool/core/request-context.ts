import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line of one request carries, and what work it queues (a grade job) remembers. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * An `X-Request-Id` a proxy or load balancer set is kept when it is a plain token (letters,
 * digits, `.`, `_`, `:`, `-`; at most 128): anything else could forge log lines or smuggle text
 * into them, so it is replaced by one of ours.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/** Runs `work` (and everything it starts) as part of the request `context`. */
export const runInRequest = <T>(context: RequestContext, work: () => T): T => storage.run(context, work);

/** The request the caller runs for, if any (null in the job runner's own ticks and at start-up). */
export const currentRequestId = (): string | null => storage.getStore()?.requestId ?? null;
