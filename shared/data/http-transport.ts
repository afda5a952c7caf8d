import * as v from 'valibot';
import { API, ApiErrorBodySchema } from '../protocol/api.ts';
import { PullResponseSchema, PushResponseSchema } from '../protocol/sync.ts';
import type { PullResponse, PushRequest, PushResponse } from '../protocol/sync.ts';
import { SyncError } from './errors.ts';
import type { SyncTransport } from './ports.ts';

export interface HttpTransportOptions {
  baseUrl: string;
  /** Read per request so a refreshed or revoked token takes effect at once. */
  token: () => string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Calls the tool's JSON API with a bearer token; maps every failure to a SyncError. */
export async function requestJson<S extends v.GenericSchema>(
  options: HttpTransportOptions,
  path: string,
  init: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown; signal?: AbortSignal },
  schema: S,
): Promise<v.InferOutput<S>> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const token = options.token();
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await doFetch(new URL(path, options.baseUrl), {
      method: init.method,
      headers: {
        Accept: 'application/json',
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal,
    });
  } catch (cause) {
    init.signal?.throwIfAborted();
    throw new SyncError('offline', 'Could not reach the coaching server.', { cause });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = v.is(ApiErrorBodySchema, body)
      ? body.error.message
      : `The server answered ${response.status}.`;
    if (response.status === 401) throw new SyncError('unauthenticated', message);
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new SyncError('server', message);
    }
    throw new SyncError('rejected', message);
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success)
    throw new SyncError('bad-response', 'The server sent a response this version cannot read.');
  return parsed.output;
}

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  return {
    push: (request: PushRequest, signal?: AbortSignal): Promise<PushResponse> =>
      requestJson(options, API.syncPush, { method: 'POST', body: request, signal }, PushResponseSchema),
    pull: (cursor: string, signal?: AbortSignal): Promise<PullResponse> =>
      requestJson(
        options,
        `${API.syncPull}?since=${encodeURIComponent(cursor)}`,
        { method: 'GET', signal },
        PullResponseSchema,
      ),
  };
}
