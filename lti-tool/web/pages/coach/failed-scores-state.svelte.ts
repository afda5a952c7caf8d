import { requestJson, type HttpTransportOptions } from '../../../../shared/data/http-request.ts';
import {
  API,
  FailedGradesResponseSchema,
  type FailedGradesResponse,
} from '../../../../shared/protocol/api.ts';
import { pageSearch } from '../../../../shared/protocol/paging.ts';
import { PagedList } from '../../components/paged-list/index.ts';

type FailedScore = FailedGradesResponse['failed'][number];

/**
 * Scores the LMS refused for good: the coach must see them, or a grade silently never arrives.
 * The most recent first, a page at a time ("Show more failed scores").
 */
export class FailedScoresState {
  readonly #api: HttpTransportOptions;
  readonly pages: PagedList<FailedScore>;

  constructor(api: HttpTransportOptions) {
    this.#api = api;
    this.pages = new PagedList({
      fetchPage: async (after, signal) => {
        const body = await this.#page(after, signal);
        return { items: body.failed, next: body.next };
      },
    });
  }

  get items(): readonly FailedScore[] {
    return this.pages.items;
  }

  async load(signal?: AbortSignal): Promise<void> {
    try {
      const body = await this.#page(null, signal);
      this.pages.reset({ items: body.failed, next: body.next });
    } catch {
      // Not being able to list failures is not itself worth alarming a coach about.
    }
  }

  #page(after: string | null, signal?: AbortSignal) {
    const query = pageSearch({ after });
    return requestJson(
      this.#api,
      query ? `${API.failedGrades}?${query}` : API.failedGrades,
      { method: 'GET', signal },
      FailedGradesResponseSchema,
    );
  }
}
