import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import type { ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import { pageSearch } from '../../../../shared/protocol/paging.ts';
import {
  HistoryResponseSchema,
  PRACTICE_API,
  type HistoryResponse,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort } from '../../api-call.ts';
import { groupIntoCycles, type Cycle } from './history-cycles.ts';

/** Every page of a trainee's history loaded so far, as one history. */
export type LoadedHistory = Pick<
  HistoryResponse,
  'trainee' | 'steps' | 'rounds' | 'checkIns' | 'reflections'
>;

function merge(pages: readonly HistoryResponse[]): LoadedHistory | null {
  const first = pages[0];
  if (!first) return null;
  const steps: Record<string, ActionStep> = {};
  // A page's earlier steps come again, as items, on the page that reaches their date: one each.
  for (const page of pages) for (const step of [...page.steps, ...page.earlierSteps]) steps[step.id] = step;
  return {
    trainee: first.trainee,
    steps: Object.values(steps),
    rounds: pages.flatMap((page) => page.rounds),
    checkIns: pages.flatMap((page) => page.checkIns),
    reflections: pages.flatMap((page) => page.reflections),
  };
}

/**
 * One trainee's history at a time, grouped into cycles, newest page first and earlier pages on
 * request ("Show earlier history"); choosing another trainee cancels the last request.
 */
export class HistoryState {
  readonly #api: HttpTransportOptions;
  #traineeId = $state('');
  #status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  #error = $state('');
  #pages = $state.raw<readonly HistoryResponse[]>([]);
  #next = $state<string | null>(null);
  #loadingMore = $state(false);
  #problem = $state<string | null>(null);
  #loaded = $state(0);
  #history = $derived(merge(this.#pages));
  #cycles = $derived(this.#history ? groupIntoCycles(this.#history) : []);
  #request: AbortController | null = null;

  constructor(api: HttpTransportOptions) {
    this.#api = api;
  }

  get traineeId(): string {
    return this.#traineeId;
  }
  get status(): 'idle' | 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  /** The pages loaded so far, as one history. */
  get history(): LoadedHistory | null {
    return this.#history;
  }
  get cycles(): readonly Cycle[] {
    return this.#cycles;
  }
  /** Whether earlier entries are still on the server (then cycle numbers are not known yet). */
  get hasMore(): boolean {
    return this.#next !== null;
  }
  get loading(): boolean {
    return this.#loadingMore;
  }
  /** Why the last earlier page could not be loaded. */
  get problem(): string | null {
    return this.#problem;
  }
  /** Entries the last earlier page added. */
  get loaded(): number {
    return this.#loaded;
  }

  /** Chooses a trainee (empty: nobody) and loads their history. */
  async select(userId: string, signal?: AbortSignal): Promise<void> {
    this.#traineeId = userId;
    await this.reload(signal);
  }

  async reload(signal?: AbortSignal): Promise<void> {
    this.#request?.abort();
    this.#pages = [];
    this.#next = null;
    this.#problem = null;
    if (!this.#traineeId) {
      this.#status = 'idle';
      return;
    }
    const request = new AbortController();
    this.#request = request;
    this.#status = 'loading';
    try {
      const page = await this.#fetch(
        null,
        signal ? AbortSignal.any([signal, request.signal]) : request.signal,
      );
      if (request.signal.aborted) return;
      this.#pages = [page];
      this.#next = page.next;
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }

  /** The next (earlier) page of the same trainee's history. */
  async loadMore(signal?: AbortSignal): Promise<boolean> {
    const after = this.#next;
    const request = this.#request;
    if (after === null || this.#loadingMore || !request) return false;
    this.#loadingMore = true;
    this.#problem = null;
    try {
      const page = await this.#fetch(
        after,
        signal ? AbortSignal.any([signal, request.signal]) : request.signal,
      );
      if (request.signal.aborted) return false;
      this.#pages = [...this.#pages, page];
      this.#next = page.next;
      this.#loaded = page.steps.length + page.rounds.length + page.checkIns.length + page.reflections.length;
      return true;
    } catch (error) {
      if (!isAbort(error) && !request.signal.aborted) this.#problem = describeError(error);
      return false;
    } finally {
      this.#loadingMore = false;
    }
  }

  #fetch(after: string | null, signal: AbortSignal) {
    const query = pageSearch({ after });
    const path = PRACTICE_API.traineeHistory(this.#traineeId);
    return callJson(
      this.#api,
      query ? `${path}?${query}` : path,
      { method: 'GET', signal },
      HistoryResponseSchema,
    );
  }
}
