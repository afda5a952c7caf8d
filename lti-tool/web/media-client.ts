import {
  SyncError,
  authorizedFetch,
  readJson,
  responseError,
  type HttpTransportOptions,
} from '../../shared/data/index.ts';
import { MediaResponseSchema, PRACTICE_API } from '../../shared/protocol/practice-api.ts';

/** What the server stored for an upload. */
export interface StoredMedia {
  id: string;
  contentType: string;
  size: number;
}

export interface MediaRequestInit {
  signal?: AbortSignal;
  /** Uploads can be large: a longer default than JSON calls. */
  timeoutMs?: number;
}

/** `audio/webm;codecs=opus` → `audio/webm`: the server's allow-lists name bare types. */
export function baseMimeType(type: string): string {
  return type.split(';')[0]?.trim().toLowerCase() ?? '';
}

async function send(
  options: HttpTransportOptions,
  path: string,
  init: { method: 'GET' | 'PUT'; headers: Record<string, string>; body?: Blob } & MediaRequestInit,
): Promise<Response> {
  const response = await authorizedFetch(options, path, {
    ...init,
    timeoutMs: init.timeoutMs ?? options.timeoutMs ?? 120_000,
  });
  // The same mapping as requestJson: the server's own sentence for a refusal (413, 400, 403).
  if (!response.ok) throw await responseError(response);
  return response;
}

/**
 * Uploads a recording or model file as the raw body of `PUT /api/media/:id`, with its
 * Content-Type (parameters dropped) and the bearer token. The same id again is a no-op on
 * the server, so a retry after a lost response is safe. Failures are SyncErrors.
 */
export async function uploadMedia(
  options: HttpTransportOptions,
  id: string,
  blob: Blob,
  init: MediaRequestInit = {},
): Promise<StoredMedia> {
  const response = await send(options, PRACTICE_API.mediaItem(id), {
    ...init,
    method: 'PUT',
    headers: { Accept: 'application/json', 'Content-Type': baseMimeType(blob.type) },
    body: blob,
  });
  return (await readJson(response, MediaResponseSchema)).media;
}

/**
 * Fetches `GET /api/media/:id` with the bearer token and returns an object URL for it
 * (an `<audio>`, `<video>` or `<img>` cannot send the token itself). The caller revokes it.
 */
export async function mediaObjectUrl(
  options: HttpTransportOptions,
  id: string,
  init: MediaRequestInit & { createObjectUrl?: (blob: Blob) => string } = {},
): Promise<string> {
  const response = await send(options, PRACTICE_API.mediaItem(id), {
    ...init,
    method: 'GET',
    headers: { Accept: '*/*' },
  });
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (cause) {
    init.signal?.throwIfAborted();
    throw new SyncError('offline', 'The file did not finish downloading.', { cause });
  }
  return (init.createObjectUrl ?? ((b: Blob) => URL.createObjectURL(b)))(blob);
}
