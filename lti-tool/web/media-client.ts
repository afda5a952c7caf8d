import {
  MEDIA_TIMEOUT_MS,
  SyncError,
  authorizedFetch,
  responseError,
  type HttpTransportOptions,
  type MediaRequestInit,
} from '../../shared/data/index.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';

export {
  baseMimeType,
  uploadMedia,
  type MediaRequestInit,
  type StoredMedia,
} from '../../shared/data/index.ts';

/**
 * Fetches `GET /api/media/:id` with the bearer token and returns an object URL for it
 * (an `<audio>`, `<video>` or `<img>` cannot send the token itself). The caller revokes it.
 */
export async function mediaObjectUrl(
  options: HttpTransportOptions,
  id: string,
  init: MediaRequestInit & { createObjectUrl?: (blob: Blob) => string } = {},
): Promise<string> {
  const response = await authorizedFetch(options, PRACTICE_API.mediaItem(id), {
    ...init,
    timeoutMs: init.timeoutMs ?? options.timeoutMs ?? MEDIA_TIMEOUT_MS,
    method: 'GET',
    headers: { Accept: '*/*' },
  });
  // The same mapping as requestJson: the server's own sentence for a refusal (404, 403).
  if (!response.ok) throw await responseError(response);
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (cause) {
    init.signal?.throwIfAborted();
    throw new SyncError('offline', 'The file did not finish downloading.', { cause });
  }
  return (init.createObjectUrl ?? ((b: Blob) => URL.createObjectURL(b)))(blob);
}
