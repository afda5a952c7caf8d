import { MediaResponseSchema, PRACTICE_API } from '../protocol/practice-api.ts';
import { authorizedFetch, readJson, responseError, type HttpTransportOptions } from './http-request.ts';

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

/** Uploads and downloads wait longer than JSON calls unless told otherwise. */
export const MEDIA_TIMEOUT_MS = 120_000;

/**
 * Uploads a recording or model file as the raw body of `PUT /api/media/:id`, with its
 * Content-Type (parameters dropped) and the bearer token. The same id again is a no-op on
 * the server, so a retry after a lost response is safe. Failures are SyncErrors (a refusal
 * carries the server's own sentence: 413, 400, 403).
 */
export async function uploadMedia(
  options: HttpTransportOptions,
  id: string,
  blob: Blob,
  init: MediaRequestInit = {},
): Promise<StoredMedia> {
  const response = await authorizedFetch(options, PRACTICE_API.mediaItem(id), {
    ...init,
    timeoutMs: init.timeoutMs ?? options.timeoutMs ?? MEDIA_TIMEOUT_MS,
    method: 'PUT',
    headers: { Accept: 'application/json', 'Content-Type': baseMimeType(blob.type) },
    body: blob,
  });
  if (!response.ok) throw await responseError(response);
  return (await readJson(response, MediaResponseSchema)).media;
}
