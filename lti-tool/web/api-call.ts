import * as v from 'valibot';
import { SyncError, type HttpTransportOptions } from '../../../../shared/data/index.ts';
import { ApiErrorBodySchema } from '../../../../shared/protocol/api.ts';

/**
 * A 4xx the server answered on purpose (conflict, invalid input, forbidden…), with its status
 * and body so a page can react to a 409 or show an import's problems. Still a SyncError
 * ('rejected'), so `describeError` gives its message.
 */
export class ApiRefusal extends SyncError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super('rejected', message);
    this.name = 'ApiRefusal';
  }
}

interface CallInit {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

async function call(options: HttpTransportOptions, path: string, init: CallInit, accept: string) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const token = options.token();
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await doFetch(new URL(path, options.baseUrl), {
      method: init.method,
      headers: {
        Accept: accept,
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
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const message = v.is(ApiErrorBodySchema, body)
      ? body.error.message
      : `The server answered ${response.status}.`;
    if (response.status === 401) throw new SyncError('unauthenticated', message);
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new SyncError('server', message);
    }
    const code = v.is(ApiErrorBodySchema, body) ? body.error.code : String(response.status);
    throw new ApiRefusal(response.status, code, message, body);
  }
  return response;
}

/**
 * Like `requestJson`, but a deliberate 4xx becomes an `ApiRefusal` that keeps its status
 * and body. Offline, 401, 5xx and unreadable answers are the same SyncErrors as elsewhere.
 */
export async function callJson<S extends v.GenericSchema>(
  options: HttpTransportOptions,
  path: string,
  init: CallInit,
  schema: S,
): Promise<v.InferOutput<S>> {
  const response = await call(options, path, init, 'application/json');
  const body: unknown = await response.json().catch(() => null);
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    throw new SyncError('bad-response', 'The server sent a response this version cannot read.');
  }
  return parsed.output;
}

/** A text download (an export file): its text, its type and the file name the server suggests. */
export async function callText(
  options: HttpTransportOptions,
  path: string,
  init: Omit<CallInit, 'body'>,
): Promise<{ text: string; contentType: string; fileName: string | null }> {
  const response = await call(options, path, init, '*/*');
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return {
    text: await response.text(),
    contentType: response.headers.get('Content-Type') ?? 'text/plain',
    fileName,
  };
}

/** `a=1&b=2` from the entries that have a value (empty strings and nulls are left out). */
export function queryString(entries: Record<string, string | null | undefined>): string {
  const present = Object.entries(entries).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return new URLSearchParams(present).toString();
}

export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError';
}
