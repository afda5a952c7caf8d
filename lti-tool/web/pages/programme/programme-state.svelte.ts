import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import { monthOf } from '../../../../shared/domain/programme/programme-period.ts';
import {
  NoteResponseSchema,
  PROGRAMME_API,
  ProgrammeViewResponseSchema,
  type ProgrammeViewResponse,
} from '../../../../shared/protocol/programme-api.ts';
import { describeError } from '../../api.ts';
import { callJson, callText, isAbort, queryString } from '../../api-call.ts';
import { programmeStrings as t } from '../../strings/programme.ts';

/** The clock: read once per request, never held as state. */
const currentTime = (): Date => new Date(Date.now());

/** Months the view covers, as the period select offers them. */
export type PeriodMonths = '1' | '3' | '6' | '12';

/**
 * The programme view's state: the chosen period and its figures (a new period replaces the
 * figures only once they have arrived, so the charts never blank), the viewer's own note on the
 * period, and the engagement download.
 */
export class ProgrammeState {
  readonly #api: HttpTransportOptions;
  readonly #now: () => Date;
  #months = $state<PeriodMonths>('3');
  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #error = $state('');
  #view = $state.raw<ProgrammeViewResponse | null>(null);
  #note = $state('');
  #noteStatus = $state('');
  #savingNote = $state(false);
  #exportError = $state('');
  /** The request under way: a newer period aborts an older one. */
  #loading: AbortController | null = null;

  constructor(api: HttpTransportOptions, now: () => Date = currentTime) {
    this.#api = api;
    this.#now = now;
  }

  get months(): PeriodMonths {
    return this.#months;
  }
  get status(): 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  get view(): ProgrammeViewResponse | null {
    return this.#view;
  }
  get note(): string {
    return this.#note;
  }
  get noteStatus(): string {
    return this.#noteStatus;
  }
  get savingNote(): boolean {
    return this.#savingNote;
  }
  get exportError(): string {
    return this.#exportError;
  }

  /** The period's key for notes: its last month and length, e.g. "2026-03/3". */
  get periodKey(): string {
    return `${monthOf(this.#now())}/${this.#months}`;
  }

  #query(): string {
    return queryString({ months: this.#months, end: monthOf(this.#now()) });
  }

  async choose(months: PeriodMonths, signal?: AbortSignal): Promise<void> {
    this.#months = months;
    await this.load(signal);
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.#loading?.abort();
    const controller = new AbortController();
    this.#loading = controller;
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.#status = 'loading';
    try {
      const view = await callJson(
        this.#api,
        `${PROGRAMME_API.view}?${this.#query()}`,
        { method: 'GET', signal: controller.signal },
        ProgrammeViewResponseSchema,
      );
      this.#view = view;
      this.#note = view.note;
      this.#noteStatus = '';
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }

  setNote(text: string): void {
    this.#note = text;
  }

  async saveNote(signal?: AbortSignal): Promise<void> {
    if (this.#savingNote) return;
    this.#savingNote = true;
    this.#noteStatus = '';
    try {
      const saved = await callJson(
        this.#api,
        PROGRAMME_API.notes,
        { method: 'PUT', body: { period: this.periodKey, text: this.#note }, signal },
        NoteResponseSchema,
      );
      this.#note = saved.note;
      this.#noteStatus = t.noteSaved;
    } catch (error) {
      if (!isAbort(error)) this.#noteStatus = t.noteFailed(describeError(error));
    } finally {
      this.#savingNote = false;
    }
  }

  /** The engagement CSV of the chosen period, as text and its file name (provider admins only). */
  async engagement(signal?: AbortSignal): Promise<{ text: string; fileName: string } | null> {
    this.#exportError = '';
    try {
      const file = await callText(this.#api, `${PROGRAMME_API.engagement}?${this.#query()}`, {
        method: 'GET',
        signal,
      });
      return { text: file.text, fileName: file.fileName ?? 'engagement.csv' };
    } catch (error) {
      if (!isAbort(error)) this.#exportError = t.exportFailed(describeError(error));
      return null;
    }
  }
}
