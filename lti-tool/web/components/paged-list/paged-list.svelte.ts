import { describeError } from '../../api.ts';
import { isAbort } from '../../api-call.ts';

/** One page of a list as the API answers it (shared/protocol/paging.ts): its items and `next`. */
export interface LoadedPage<T> {
  items: readonly T[];
  next: string | null;
}

export interface PagedListOptions<T> {
  /** The page after `after` (a `next` the server gave). */
  fetchPage: (after: string, signal?: AbortSignal) => Promise<LoadedPage<T>>;
  /**
   * An item's identity: a page that repeats one (say after a new entry moved the list on) keeps
   * one copy. Without it, items are never merged (lists whose items have no identity of their own).
   */
  key?: (item: T) => string;
  /** The first page, if the page already has it (e.g. inside a larger response). */
  first?: LoadedPage<T>;
}

/**
 * A list the server gives a page at a time: the items so far, and one more page on request
 * ("Show earlier…"). Nothing is fetched until asked; a failed page can be asked for again.
 */
export class PagedList<T> {
  readonly #fetchPage: PagedListOptions<T>['fetchPage'];
  readonly #key: ((item: T) => string) | null;
  #items = $state.raw<readonly T[]>([]);
  #next = $state<string | null>(null);
  #loading = $state(false);
  #problem = $state<string | null>(null);
  #loaded = $state(0);

  constructor(options: PagedListOptions<T>) {
    this.#fetchPage = options.fetchPage;
    this.#key = options.key ?? null;
    if (options.first) this.reset(options.first);
  }

  get items(): readonly T[] {
    return this.#items;
  }
  get hasMore(): boolean {
    return this.#next !== null;
  }
  get loading(): boolean {
    return this.#loading;
  }
  /** Why the last page could not be loaded; null when it was. */
  get problem(): string | null {
    return this.#problem;
  }
  /** How many items the last page added. */
  get loaded(): number {
    return this.#loaded;
  }

  /** Starts again from a first page. */
  reset(first: LoadedPage<T>): void {
    this.#items = first.items;
    this.#next = first.next;
    this.#problem = null;
    this.#loaded = 0;
  }

  /** An item made on this page (a new check-in): first in the list, once. */
  prepend(item: T): void {
    const keyOf = this.#key;
    const key = keyOf?.(item);
    this.#items = [item, ...this.#items.filter((existing) => !keyOf || keyOf(existing) !== key)];
  }

  /** Loads the next page onto the end; ignored while one is loading or when there is none. */
  async loadMore(signal?: AbortSignal): Promise<boolean> {
    const after = this.#next;
    if (after === null || this.#loading) return false;
    this.#loading = true;
    this.#problem = null;
    try {
      const page = await this.#fetchPage(after, signal);
      const keyOf = this.#key;
      const known: Record<string, true> = Object.create(null);
      if (keyOf) for (const item of this.#items) known[keyOf(item)] = true;
      const added = keyOf ? page.items.filter((item) => !known[keyOf(item)]) : page.items;
      this.#items = [...this.#items, ...added];
      this.#next = page.next;
      this.#loaded = added.length;
      return true;
    } catch (error) {
      if (!isAbort(error) && !signal?.aborted) this.#problem = describeError(error);
      return false;
    } finally {
      this.#loading = false;
    }
  }
}
