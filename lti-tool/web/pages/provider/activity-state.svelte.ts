import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import {
  PRACTICE_API,
  ProviderActivityResponseSchema,
  type ProviderActivityResponse,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort } from '../../api-call.ts';

export type ActivityRow = ProviderActivityResponse['modules'][number];

/** How each module is used, as counts: providers never see what anyone wrote. */
export class ActivityState {
  readonly #api: HttpTransportOptions;
  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #error = $state('');
  #rows = $state.raw<readonly ActivityRow[]>([]);

  constructor(api: HttpTransportOptions) {
    this.#api = api;
  }

  get status(): 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  get rows(): readonly ActivityRow[] {
    return this.#rows;
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.#status = 'loading';
    try {
      const { modules } = await callJson(
        this.#api,
        PRACTICE_API.providerActivity,
        { method: 'GET', signal },
        ProviderActivityResponseSchema,
      );
      this.#rows = [...modules].sort((a, b) => a.title.localeCompare(b.title));
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }
}
