import { SvelteMap } from 'svelte/reactivity';
import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import type { CoachingModule, Phase, Theme } from '../../../../shared/domain/coaching/module.ts';
import {
  ModuleListResponseSchema,
  ModuleResponseSchema,
  PRACTICE_API,
  type ModuleSummary,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort, queryString } from '../../api-call.ts';
import { PagedList } from '../../components/paged-list/index.ts';

export type Detail =
  | { status: 'loading'; id: string }
  | { status: 'ready'; id: string; module: CoachingModule }
  | { status: 'failed'; id: string; message: string };

/** A model file fetched for viewing: an object URL once it is here. */
export type ModelFile =
  { status: 'loading' } | { status: 'ready'; url: string } | { status: 'failed'; message: string };

export interface LibraryDeps {
  mediaObjectUrl: (options: HttpTransportOptions, id: string) => Promise<string>;
  revokeObjectUrl: (url: string) => void;
}

/**
 * The module library: a search with phase and theme filters, a page of modules at a time
 * ("Show more modules"), and one module open in full.
 */
export class LibraryState {
  readonly #api: HttpTransportOptions;
  #query = $state('');
  #phase = $state<Phase | ''>('');
  #theme = $state<Theme | ''>('');
  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #error = $state('');
  /** The current search's modules: starters, then the institution's own, each by id. */
  readonly pages: PagedList<ModuleSummary>;
  /** The search the loaded pages belong to (a cursor belongs to one search). */
  #searched: Record<string, string> = {};
  #detail = $state.raw<Detail | null>(null);
  #search: AbortController | null = null;
  #files = new SvelteMap<string, ModelFile>();
  readonly #deps: LibraryDeps;

  constructor(api: HttpTransportOptions, deps: LibraryDeps) {
    this.#api = api;
    this.#deps = deps;
    this.pages = new PagedList({
      key: (module) => module.id,
      fetchPage: async (after, signal) => {
        const search = queryString({ ...this.#searched, after });
        const page = await callJson(
          this.#api,
          `${PRACTICE_API.modules}?${search}`,
          { method: 'GET', signal },
          ModuleListResponseSchema,
        );
        return { items: page.modules, next: page.next };
      },
    });
  }

  get query(): string {
    return this.#query;
  }
  get phase(): Phase | '' {
    return this.#phase;
  }
  get theme(): Theme | '' {
    return this.#theme;
  }
  get status(): 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  /** The modules loaded so far. */
  get modules(): readonly ModuleSummary[] {
    return this.pages.items;
  }
  get detail(): Detail | null {
    return this.#detail;
  }

  setQuery(text: string): void {
    this.#query = text;
  }

  /** A filter change searches at once; typed text searches on submit. */
  setPhase(phase: Phase | '', signal?: AbortSignal): Promise<void> {
    this.#phase = phase;
    return this.search(signal);
  }

  setTheme(theme: Theme | '', signal?: AbortSignal): Promise<void> {
    this.#theme = theme;
    return this.search(signal);
  }

  /** `GET /api/modules?query=&phase=&theme=`; a newer search cancels an older one. */
  async search(signal?: AbortSignal): Promise<void> {
    this.#search?.abort();
    const request = new AbortController();
    this.#search = request;
    this.#status = 'loading';
    const filter = { query: this.#query.trim(), phase: this.#phase, theme: this.#theme };
    const search = queryString(filter);
    try {
      const { modules, next } = await callJson(
        this.#api,
        search ? `${PRACTICE_API.modules}?${search}` : PRACTICE_API.modules,
        { method: 'GET', signal: signal ? AbortSignal.any([signal, request.signal]) : request.signal },
        ModuleListResponseSchema,
      );
      if (request.signal.aborted) return;
      this.#searched = filter;
      this.pages.reset({ items: modules, next });
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }

  /** Opens one module in full. */
  async open(id: string, signal?: AbortSignal): Promise<void> {
    this.#detail = { status: 'loading', id };
    try {
      const { module } = await callJson(
        this.#api,
        PRACTICE_API.module(id),
        { method: 'GET', signal },
        ModuleResponseSchema,
      );
      if (this.#detail?.id === id) this.#detail = { status: 'ready', id, module };
    } catch (error) {
      if (isAbort(error)) return;
      if (this.#detail?.id === id) this.#detail = { status: 'failed', id, message: describeError(error) };
    }
  }

  /** Shows a module just saved without asking the server again. */
  show(module: CoachingModule): void {
    this.#detail = { status: 'ready', id: module.id, module };
  }

  close(): void {
    this.#detail = null;
  }

  file(mediaId: string): ModelFile | null {
    return this.#files.get(mediaId) ?? null;
  }

  /** Fetches an uploaded model file with the session token, for a link that opens it. */
  async loadFile(mediaId: string): Promise<void> {
    if (this.#files.get(mediaId)?.status === 'loading') return;
    this.#files.set(mediaId, { status: 'loading' });
    try {
      const url = await this.#deps.mediaObjectUrl(this.#api, mediaId);
      this.#files.set(mediaId, { status: 'ready', url });
    } catch (error) {
      if (isAbort(error)) return;
      this.#files.set(mediaId, { status: 'failed', message: describeError(error) });
    }
  }

  dispose(): void {
    for (const file of this.#files.values()) {
      if (file.status === 'ready') this.#deps.revokeObjectUrl(file.url);
    }
    this.#files.clear();
  }
}
