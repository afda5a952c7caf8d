import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import { pageSearch } from '../../../../shared/protocol/paging.ts';
import {
  PRACTICE_API,
  ProviderActivityResponseSchema,
  type ProviderActivityResponse,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort } from '../../api-call.ts';
import { PagedList } from '../../components/paged-list/index.ts';

export type ActivityRow = ProviderActivityResponse['modules'][number];

/**
 * How each module is used, as counts: providers never see what anyone wrote. A page of modules
 * at a time in the server's order (starters, then the institution's own, by id): "Show more
 * modules" adds rows below without reordering the ones already read.
 */
export class ActivityState {
  readonly #api: HttpTransportOptions;
  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #error = $state('');
  readonly pages: PagedList<ActivityRow>;

  constructor(api: HttpTransportOptions) {
    this.#api = api;
    this.pages = new PagedList({
      key: (row) => row.moduleId,
      fetchPage: async (after, signal) => {
        const page = await this.#page(after, signal);
        return { items: page.modules, next: page.next };
      },
    });
  }

  get status(): 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  get rows(): readonly ActivityRow[] {
    return this.pages.items;
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.#status = 'loading';
    try {
      const page = await this.#page(null, signal);
      this.pages.reset({ items: page.modules, next: page.next });
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }

  #page(after: string | null, signal?: AbortSignal) {
    const query = pageSearch({ after });
    return callJson(
      this.#api,
      query ? `${PRACTICE_API.providerActivity}?${query}` : PRACTICE_API.providerActivity,
      { method: 'GET', signal },
      ProviderActivityResponseSchema,
    );
  }
}
