import { onMount } from 'svelte';
import { describeError } from '../../api.ts';
import { isAbort } from '../../api-call.ts';

/**
 * Something a section of a page loads once it is shown: its status, the reason it failed in words
 * a person can act on, and the value. Loading starts on mount and stops with the component.
 * Create it while the component initialises.
 */
export class Loaded<T> {
  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #error = $state('');
  #value = $state.raw<T | null>(null);
  readonly #fetch: (signal?: AbortSignal) => Promise<T>;

  constructor(fetch: (signal?: AbortSignal) => Promise<T>) {
    this.#fetch = fetch;
    onMount(() => {
      const controller = new AbortController();
      void this.load(controller.signal);
      return () => controller.abort();
    });
  }

  get status() {
    return this.#status;
  }
  get error() {
    return this.#error;
  }
  get value() {
    return this.#value;
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.#status = 'loading';
    try {
      this.#value = await this.#fetch(signal);
      this.#status = 'ready';
    } catch (caught) {
      if (isAbort(caught)) return;
      this.#error = describeError(caught);
      this.#status = 'failed';
    }
  }
}
