import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import {
  HistoryResponseSchema,
  PRACTICE_API,
  type HistoryResponse,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort } from '../../api-call.ts';
import { groupIntoCycles, type Cycle } from './history-cycles.ts';

/** One trainee's history at a time, grouped into cycles; choosing another trainee cancels the last request. */
export class HistoryState {
  readonly #api: HttpTransportOptions;
  #traineeId = $state('');
  #status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  #error = $state('');
  #history = $state.raw<HistoryResponse | null>(null);
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
  get history(): HistoryResponse | null {
    return this.#history;
  }
  get cycles(): readonly Cycle[] {
    return this.#cycles;
  }

  /** Chooses a trainee (empty: nobody) and loads their history. */
  async select(userId: string, signal?: AbortSignal): Promise<void> {
    this.#traineeId = userId;
    await this.reload(signal);
  }

  async reload(signal?: AbortSignal): Promise<void> {
    this.#request?.abort();
    this.#history = null;
    if (!this.#traineeId) {
      this.#status = 'idle';
      return;
    }
    const request = new AbortController();
    this.#request = request;
    this.#status = 'loading';
    try {
      const history = await callJson(
        this.#api,
        PRACTICE_API.traineeHistory(this.#traineeId),
        { method: 'GET', signal: signal ? AbortSignal.any([signal, request.signal]) : request.signal },
        HistoryResponseSchema,
      );
      if (request.signal.aborted) return;
      this.#history = history;
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }
}
