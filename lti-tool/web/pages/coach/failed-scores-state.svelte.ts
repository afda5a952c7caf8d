import { requestJson, type HttpTransportOptions } from '../../../../shared/data/http-transport.ts';
import {
  API,
  FailedGradesResponseSchema,
  type FailedGradesResponse,
} from '../../../../shared/protocol/api.ts';

type FailedScore = FailedGradesResponse['failed'][number];

/** Scores the LMS refused for good: the coach must see them, or a grade silently never arrives. */
export class FailedScoresState {
  #items = $state<FailedScore[]>([]);
  readonly #api: HttpTransportOptions;

  constructor(api: HttpTransportOptions) {
    this.#api = api;
  }

  get items(): readonly FailedScore[] {
    return this.#items;
  }

  async load(signal?: AbortSignal): Promise<void> {
    try {
      const body = await requestJson(
        this.#api,
        API.failedGrades,
        { method: 'GET', signal },
        FailedGradesResponseSchema,
      );
      this.#items = body.failed;
    } catch {
      // Not being able to list failures is not itself worth alarming a coach about.
    }
  }
}
