import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';
import {
  ModuleResponseSchema,
  PRACTICE_API,
  type ModuleSummary,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort } from '../../api-call.ts';
import { fetchModulesByTitle } from '../../module-list.ts';

/**
 * "Set from a module": the module library as a searchable choice. The list loads the first
 * time the picker opens; a page launched from a module opens with that module chosen.
 */
export class ModulePickerState {
  readonly #api: HttpTransportOptions;
  #expanded = $state(false);
  #status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  #error = $state('');
  #modules = $state.raw<readonly ModuleSummary[]>([]);
  #filter = $state('');
  #selectedId = $state('');
  #fetching = $state(false);
  #fetchError = $state('');

  #visible = $derived.by(() => {
    const words = this.#filter.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.#modules;
    return this.#modules.filter((module) => {
      if (module.id === this.#selectedId) return true;
      const haystack = `${module.title} ${module.summary}`.toLocaleLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  });

  constructor(api: HttpTransportOptions, preselectedId: string | null = null) {
    this.#api = api;
    if (preselectedId) {
      this.#selectedId = preselectedId;
      this.#expanded = true;
    }
  }

  get expanded(): boolean {
    return this.#expanded;
  }
  get status(): 'idle' | 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  get filter(): string {
    return this.#filter;
  }
  get visible(): readonly ModuleSummary[] {
    return this.#visible;
  }
  get selectedId(): string {
    return this.#selectedId;
  }
  get fetching(): boolean {
    return this.#fetching;
  }
  get fetchError(): string {
    return this.#fetchError;
  }

  /** Opens or closes the picker; the first opening loads the list. */
  toggle(signal?: AbortSignal): void {
    this.#expanded = !this.#expanded;
    if (this.#expanded) void this.load(signal);
  }

  /** Loads the library once (again after a failure). */
  async load(signal?: AbortSignal): Promise<void> {
    if (this.#status === 'loading' || this.#status === 'ready') return;
    this.#status = 'loading';
    try {
      const modules = await fetchModulesByTitle(this.#api, signal);
      this.#modules = modules;
      if (!modules.some((module) => module.id === this.#selectedId)) this.#selectedId = '';
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error)) {
        this.#status = 'idle';
        return;
      }
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }

  setFilter(text: string): void {
    this.#filter = text;
  }

  select(id: string): void {
    this.#selectedId = id;
    this.#fetchError = '';
  }

  /** The chosen module in full, for filling the action-step form; null (with `fetchError`) on failure. */
  async fetchSelected(signal?: AbortSignal): Promise<CoachingModule | null> {
    if (!this.#selectedId || this.#fetching) return null;
    this.#fetching = true;
    this.#fetchError = '';
    try {
      const { module } = await callJson(
        this.#api,
        PRACTICE_API.module(this.#selectedId),
        { method: 'GET', signal },
        ModuleResponseSchema,
      );
      return module;
    } catch (error) {
      if (!isAbort(error)) this.#fetchError = describeError(error);
      return null;
    } finally {
      this.#fetching = false;
    }
  }
}
