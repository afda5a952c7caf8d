import { untrack } from 'svelte';
import type { ExtensionRequest, ExtensionResponse, Overview } from '../../shared/protocol/messages.ts';
import { sendToBackground, type SendRequest } from '../services/background-client.ts';
import type { ErrorPayload } from '../services/error-payload.ts';
import { stepRevisionItem } from '../storage.ts';

/** Anything with a wxt-storage-style `watch`: a storage item in the extension, a stub in tests. */
export interface Watchable {
  watch(callback: () => void): () => void;
}

/**
 * The background's overview, mirrored for one page or content script. It refreshes by message
 * when a watched storage item changes; it never reads IndexedDB itself.
 */
export class OverviewState {
  #overview = $state<Overview | null>(null);
  #loadError = $state<ErrorPayload | null>(null);
  #pending = $state(0);
  #issued = 0;
  #applied = 0;
  readonly #send: SendRequest;

  constructor(send: SendRequest = sendToBackground) {
    this.#send = send;
  }

  get overview(): Overview | null {
    return this.#overview;
  }

  get step() {
    return this.#overview?.step ?? null;
  }

  /** Why the overview could not be loaded, if it could not. */
  get loadError(): ErrorPayload | null {
    return this.#loadError;
  }

  get busy(): boolean {
    return this.#pending > 0;
  }

  async refresh(): Promise<void> {
    const response = await this.run({ type: 'get-overview' });
    this.#loadError = response.ok ? null : response.error;
  }

  /** Sends a request; a successful reply also updates the overview. Forms show `error` themselves. */
  async run(request: ExtensionRequest): Promise<ExtensionResponse> {
    const ticket = ++this.#issued;
    this.#pending += 1;
    try {
      const response = await this.#send(request);
      // Replies can arrive out of order; an older one must not overwrite a newer overview.
      if (response.ok && ticket > this.#applied) {
        this.#applied = ticket;
        this.#overview = response.overview;
      }
      return response;
    } finally {
      this.#pending -= 1;
    }
  }

  /**
   * Load now, and again whenever one of `items` changes, until `signal` aborts. Untracked, so a
   * component may call it from `$effect` without the effect depending on the state it updates.
   */
  connect(signal: AbortSignal, items: readonly Watchable[] = [stepRevisionItem]): void {
    if (signal.aborted) return;
    for (const item of items) {
      const unwatch = item.watch(() => void this.refresh());
      signal.addEventListener('abort', unwatch, { once: true });
    }
    untrack(() => void this.refresh());
  }
}
