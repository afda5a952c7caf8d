import { authorizedFetch, responseError, type HttpTransportOptions } from '../../../../shared/data/index.ts';
import { ApiErrorBodySchema } from '../../../../shared/protocol/api.ts';
import { PRIVACY_API } from '../../../../shared/protocol/privacy-api.ts';
import * as v from 'valibot';
import { describeError } from '../../api.ts';

/** Hands a downloaded file to the person: the browser's "save" in production. */
export interface DownloadPort {
  save(blob: Blob, fileName: string): void;
}

/** A link to an object URL, clicked: the browser saves it under `fileName`. */
export const browserDownload: DownloadPort = {
  save(blob, fileName) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // Long enough for the browser to have started saving it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};

export type DownloadStatus =
  | { status: 'idle' }
  | { status: 'preparing' }
  | { status: 'done'; fileName: string }
  | { status: 'failed'; message: string };

/** Too many downloads: the server's sentence says when to try again. */
class TooManyDownloads extends Error {}

/** A whole account's recordings can take a while on school Wi-Fi. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** "Download my data" on the teacher page: the ZIP of everything the tool holds about them. */
export class DataDownloadState {
  readonly #api: HttpTransportOptions;
  readonly #saver: DownloadPort;
  #state = $state.raw<DownloadStatus>({ status: 'idle' });

  constructor(api: HttpTransportOptions, saver: DownloadPort = browserDownload) {
    this.#api = api;
    this.#saver = saver;
  }

  get state(): DownloadStatus {
    return this.#state;
  }

  async download(signal?: AbortSignal): Promise<void> {
    if (this.#state.status === 'preparing') return;
    this.#state = { status: 'preparing' };
    try {
      const response = await authorizedFetch(this.#api, PRIVACY_API.myData, {
        method: 'GET',
        headers: { Accept: 'application/zip' },
        signal,
        timeoutMs: DOWNLOAD_TIMEOUT_MS,
      });
      if (!response.ok) {
        if (response.status === 429) {
          const body: unknown = await response.json().catch(() => null);
          throw new TooManyDownloads(
            v.is(ApiErrorBodySchema, body) ? body.error.message : 'Try again later.',
          );
        }
        throw await responseError(response);
      }
      const disposition = response.headers.get('Content-Disposition') ?? '';
      const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'coaching-data.zip';
      this.#saver.save(await response.blob(), fileName);
      this.#state = { status: 'done', fileName };
    } catch (error) {
      if (signal?.aborted) return;
      this.#state = {
        status: 'failed',
        message: error instanceof TooManyDownloads ? error.message : describeError(error),
      };
    }
  }
}
