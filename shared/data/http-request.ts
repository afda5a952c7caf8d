import * as v from 'valibot';
import { ApiErrorBodySchema } from '../protocol/api.ts';
import { SyncError } from './errors.ts';

export interface HttpTransportOptions {
  baseUrl: string;
  /** Read per request so a refreshed or revoked token takes effect at once. */
  token: () => string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface AuthorizedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: BodyInit;
  signal?: AbortSignal;
  /** Defaults to `options.timeoutMs`, then 15 s. */
  timeoutMs?: number;
}

export interface JsonRequestInit {
  method: AuthorizedRequest['method'];
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Fetches `path` on the tool with the bearer token (read now) and a timeout. A network
 * failure or timeout is a SyncError ('offline'); the caller's own abort is rethrown as is.
 * The Response is returned whatever its status: see `responseError`.
 */
export async function authorizedFetch(
  options: HttpTransportOptions,
  path: string,
  request: AuthorizedRequest,
): Promise<Response> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const token = options.token();
  const timeout = AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? 15_000);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    return await doFetch(new URL(path, options.baseUrl), {
      method: request.method,
      headers: { ...request.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: request.body,
      signal,
    });
  } catch (cause) {
    request.signal?.throwIfAborted();
    throw new SyncError('offline', 'Could not reach the coaching server.', { cause });
  }
}

/** A JSON call's request: `Accept`, and the body serialised with its Content-Type when there is one. */
export function jsonRequest(init: JsonRequestInit, accept = 'application/json'): AuthorizedRequest {
  return {
    method: init.method,
    headers: {
      Accept: accept,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  };
}

/**
 * The SyncError for a response that is not ok, with the server's own sentence when it sent
 * one: 401 is 'unauthenticated'; 5xx, 408 and 429 are 'server'; any other refusal is what
 * `refusal` makes of it ('rejected' by default).
 */
export async function responseError(
  response: Response,
  refusal: (message: string, body: unknown) => SyncError = (message) => new SyncError('rejected', message),
): Promise<SyncError> {
  const body: unknown = await response.json().catch(() => null);
  const message = v.is(ApiErrorBodySchema, body)
    ? body.error.message
    : `The server answered ${response.status}.`;
  if (response.status === 401) return new SyncError('unauthenticated', message);
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    return new SyncError('server', message);
  }
  return refusal(message, body);
}

/** The response's JSON body parsed with `schema`; anything else is a SyncError ('bad-response'). */
export async function readJson<S extends v.GenericSchema>(
  response: Response,
  schema: S,
): Promise<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, await response.json().catch(() => null));
  if (!parsed.success) {
    throw new SyncError('bad-response', 'The server sent a response this version cannot read.');
  }
  return parsed.output;
}

/** Calls the tool's JSON API with a bearer token; maps every failure to a SyncError. */
export async function requestJson<S extends v.GenericSchema>(
  options: HttpTransportOptions,
  path: string,
  init: JsonRequestInit,
  schema: S,
): Promise<v.InferOutput<S>> {
  const response = await authorizedFetch(options, path, jsonRequest(init));
  if (!response.ok) throw await responseError(response);
  return readJson(response, schema);
}
