import * as v from 'valibot';
import {
  randomIds,
  requestJson,
  type HttpTransportOptions,
  type IdSource,
} from '../../../../shared/data/index.ts';
import {
  CheckInInputSchema,
  type CheckIn,
  type CheckInInput,
  type CheckInOutcome,
} from '../../../../shared/domain/coaching/practice.ts';
import { CheckInResponseSchema, PRACTICE_API } from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { checkInStrings as t } from '../../strings.ts';
import { PagedList } from '../paged-list/index.ts';

export const MAX_NOTE_CHARS = 280;

/** What a check-in is about: the activity it was made from and the step being tried. */
export interface CheckInContext {
  linkKey: string | null;
  actionStepId: string | null;
}

export interface CheckInOptions {
  api: HttpTransportOptions;
  ids?: IdSource;
  /** Earlier check-ins, any order; shown newest first. */
  previous?: readonly CheckIn[];
  /** Earlier check-ins a page at a time, newest first (instead of `previous`): "Show earlier check-ins". */
  pages?: PagedList<CheckIn>;
}

const newestFirst = (entries: readonly CheckIn[]): CheckIn[] =>
  [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

/**
 * A one-tap check-in: the tap sends it. A retry after a failure reuses the check-in's id, so
 * a lost response never makes two (the server is idempotent on the id).
 */
export class CheckInState {
  readonly #api: HttpTransportOptions;
  readonly #ids: IdSource;
  #pending: CheckInInput | null = null;

  readonly #entries: PagedList<CheckIn>;
  #note = $state('');
  #sending = $state<CheckInOutcome | null>(null);
  #problem = $state<string | null>(null);
  #announcement = $state('');

  constructor(options: CheckInOptions) {
    this.#api = options.api;
    this.#ids = options.ids ?? randomIds;
    this.#entries =
      options.pages ??
      new PagedList({
        key: (entry) => entry.id,
        first: { items: newestFirst(options.previous ?? []), next: null },
        fetchPage: () => Promise.reject(new Error('There are no earlier check-ins to load.')),
      });
  }

  get entries(): readonly CheckIn[] {
    return this.#entries.items;
  }
  /** The earlier check-ins, for "Show earlier check-ins". */
  get earlier(): PagedList<CheckIn> {
    return this.#entries;
  }
  get note(): string {
    return this.#note;
  }
  /** The outcome being sent, or null. */
  get sending(): CheckInOutcome | null {
    return this.#sending;
  }
  get problem(): string | null {
    return this.#problem;
  }
  /** True when a failed check-in can be sent again. */
  get canRetry(): boolean {
    return this.#problem !== null && this.#pending !== null;
  }
  get announcement(): string {
    return this.#announcement;
  }

  setNote(text: string): void {
    this.#note = text.slice(0, MAX_NOTE_CHARS);
  }

  /** Sends a check-in with the note typed so far; ignored while one is on its way. */
  async checkIn(outcome: CheckInOutcome, context: CheckInContext, signal?: AbortSignal): Promise<boolean> {
    if (this.#sending) return false;
    const note = this.#note.trim();
    const same =
      this.#pending &&
      this.#pending.outcome === outcome &&
      this.#pending.note === note &&
      this.#pending.actionStepId === context.actionStepId;
    const parsed = v.safeParse(CheckInInputSchema, {
      id: same && this.#pending ? this.#pending.id : this.#ids.newId(),
      actionStepId: context.actionStepId,
      linkKey: context.linkKey,
      outcome,
      note,
    });
    if (!parsed.success) {
      this.#problem = t.failed(parsed.issues[0].message);
      return false;
    }
    return this.#send(parsed.output, signal);
  }

  /** Sends the failed check-in again, with the same id. */
  async retry(signal?: AbortSignal): Promise<boolean> {
    if (this.#sending || !this.#pending) return false;
    return this.#send(this.#pending, signal);
  }

  async #send(input: CheckInInput, signal?: AbortSignal): Promise<boolean> {
    this.#pending = input;
    this.#sending = input.outcome;
    this.#problem = null;
    try {
      const { checkIn } = await requestJson(
        this.#api,
        PRACTICE_API.checkIns,
        { method: 'POST', body: input, signal },
        CheckInResponseSchema,
      );
      this.#entries.prepend(checkIn);
      this.#pending = null;
      if (this.#note.trim() === input.note) this.#note = '';
      this.#announce(t.saved(t.outcomes[checkIn.outcome]));
      return true;
    } catch (error) {
      if (!signal?.aborted) this.#problem = t.failed(describeError(error));
      return false;
    } finally {
      this.#sending = null;
    }
  }

  #announce(message: string): void {
    this.#announcement = this.#announcement === message ? `${message}\u00a0` : message;
  }
}
