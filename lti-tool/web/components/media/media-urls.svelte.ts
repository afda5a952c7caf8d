import { SvelteMap } from 'svelte/reactivity';
import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import { describeError } from '../../api.ts';
import { mediaObjectUrl } from '../../media-client.ts';

export type MediaEntry =
  { status: 'loading' } | { status: 'ready'; url: string } | { status: 'failed'; message: string };

export interface ObjectUrlPort {
  create(blob: Blob): string;
  revoke(url: string): void;
}

export const browserObjectUrls: ObjectUrlPort = {
  create: (blob) => URL.createObjectURL(blob),
  revoke: (url) => URL.revokeObjectURL(url),
};

/**
 * Object URLs for media ids: fetched with the bearer token (media-client), or adopted from a
 * blob already on this device (a recording just made). Owns every URL it made: `dispose()`
 * revokes them all.
 */
export class MediaUrls {
  readonly #api: HttpTransportOptions;
  readonly #urls: ObjectUrlPort;
  readonly #entries = new SvelteMap<string, MediaEntry>();
  #disposed = false;

  constructor(api: HttpTransportOptions, urls: ObjectUrlPort = browserObjectUrls) {
    this.#api = api;
    this.#urls = urls;
  }

  /** Where the media stands; null until loaded or adopted. */
  get(id: string): MediaEntry | null {
    return this.#entries.get(id) ?? null;
  }

  /** Fetches the media once; a failed load can be tried again. */
  async load(id: string, signal?: AbortSignal): Promise<void> {
    const current = this.#entries.get(id);
    if (this.#disposed || current?.status === 'loading' || current?.status === 'ready') return;
    this.#entries.set(id, { status: 'loading' });
    try {
      const url = await mediaObjectUrl(this.#api, id, { signal, createObjectUrl: this.#urls.create });
      if (this.#disposed || this.#entries.get(id)?.status !== 'loading') {
        this.#urls.revoke(url);
        return;
      }
      this.#entries.set(id, { status: 'ready', url });
    } catch (error) {
      if (signal?.aborted) {
        this.#entries.delete(id);
        return;
      }
      this.#entries.set(id, { status: 'failed', message: describeError(error) });
    }
  }

  /** Uses a blob on this device for `id` (no download). */
  adopt(id: string, blob: Blob): void {
    if (this.#disposed) return;
    this.release(id);
    this.#entries.set(id, { status: 'ready', url: this.#urls.create(blob) });
  }

  /** Forgets `id` and revokes its URL. */
  release(id: string): void {
    const entry = this.#entries.get(id);
    if (entry?.status === 'ready') this.#urls.revoke(entry.url);
    this.#entries.delete(id);
  }

  dispose(): void {
    for (const id of [...this.#entries.keys()]) this.release(id);
    this.#disposed = true;
  }
}
