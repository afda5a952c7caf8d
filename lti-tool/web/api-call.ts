import * as v from 'valibot';
import {
  SyncError,
  authorizedFetch,
  jsonRequest,
  readJson,
  responseError,
  type HttpTransportOptions,
  type JsonRequestInit,
} from '../../shared/data/index.ts';
import { ApiErrorBodySchema } from '../../shared/protocol/api.ts';

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

/** The authenticated call; a refusal keeps its status, code and body as an `ApiRefusal`. */
async function call(options: HttpTransportOptions, path: string, init: JsonRequestInit, accept: string) {
  const response = await authorizedFetch(options, path, jsonRequest(init, accept));
  if (!response.ok) {
    throw await responseError(response, (message, body) => {
      const code = v.is(ApiErrorBodySchema, body) ? body.error.code : String(response.status);
      return new ApiRefusal(response.status, code, message, body);
    });
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
  init: JsonRequestInit,
  schema: S,
): Promise<v.InferOutput<S>> {
  return readJson(await call(options, path, init, 'application/json'), schema);
}

/** A text download (an export file): its text, its type and the file name the server suggests. */
export async function callText(
  options: HttpTransportOptions,
  path: string,
  init: Omit<JsonRequestInit, 'body'>,
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
