import * as v from 'valibot';
import { requestJson, type HttpTransportOptions, type IdSource } from '../../../../shared/data/index.ts';
import { ReflectionInputSchema, type Reflection } from '../../../../shared/domain/coaching/practice.ts';
import { PRACTICE_API, ReflectionResponseSchema } from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import type { PagedList } from '../../components/paged-list/index.ts';
import { practiceStrings } from '../../strings.ts';

const t = practiceStrings.reflection;

export const REFLECTION_FIELDS = ['wentWell', 'change', 'next'] as const;
export type ReflectionField = (typeof REFLECTION_FIELDS)[number];
export type ReflectionValues = Record<ReflectionField, string>;

export const MAX_REFLECTION_CHARS = 2000;

const empty = (): ReflectionValues => ({ wentWell: '', change: '', next: '' });

export interface ReflectionFormOptions {
  api: HttpTransportOptions;
  ids: IdSource;
  linkKey: string | null;
  /** Earlier reflections, newest first, a page at a time; a saved one joins the top. */
  entries: PagedList<Reflection>;
}

/**
 * A reflection against the success criteria: three prompts, at least one answered. Sending
 * the same words again after a failure reuses the id, so a lost response never makes two.
 */
export class ReflectionFormState {
  readonly #options: ReflectionFormOptions;
  #pending: ({ id: string } & ReflectionValues) | null = null;

  #values = $state<ReflectionValues>(empty());
  #error = $state<string | null>(null);
  #problem = $state<string | null>(null);
  #sending = $state(false);

  constructor(options: ReflectionFormOptions) {
    this.#options = options;
  }

  get values(): Readonly<ReflectionValues> {
    return this.#values;
  }
  /** The inline message when nothing was written. */
  get error(): string | null {
    return this.#error;
  }
  /** Why the last save failed. */
  get problem(): string | null {
    return this.#problem;
  }
  get sending(): boolean {
    return this.#sending;
  }
  get entries(): readonly Reflection[] {
    return this.#options.entries.items;
  }
  /** The earlier reflections, for "Show earlier reflections". */
  get earlier(): PagedList<Reflection> {
    return this.#options.entries;
  }

  set(field: ReflectionField, value: string): void {
    this.#values[field] = value;
    if (value.trim()) this.#error = null;
  }

  /** Returns true when saved; false when invalid (see `error`) or not sent (see `problem`). */
  async save(signal?: AbortSignal): Promise<boolean> {
    if (this.#sending) return false;
    const values = {
      wentWell: this.#values.wentWell.trim(),
      change: this.#values.change.trim(),
      next: this.#values.next.trim(),
    };
    if (!values.wentWell && !values.change && !values.next) {
      this.#error = t.needOne;
      return false;
    }
    const pending = this.#pending;
    const same = pending && REFLECTION_FIELDS.every((field) => pending[field] === values[field]);
    const parsed = v.safeParse(ReflectionInputSchema, {
      id: same ? pending.id : this.#options.ids.newId(),
      linkKey: this.#options.linkKey,
      ...values,
    });
    if (!parsed.success) {
      this.#error = parsed.issues[0].message;
      return false;
    }
    this.#error = null;
    this.#problem = null;
    this.#pending = { id: parsed.output.id, ...values };
    this.#sending = true;
    try {
      const { reflection } = await requestJson(
        this.#options.api,
        PRACTICE_API.reflections,
        { method: 'POST', body: parsed.output, signal },
        ReflectionResponseSchema,
      );
      this.#options.entries.prepend(reflection);
      this.#values = empty();
      this.#pending = null;
      return true;
    } catch (error) {
      if (!signal?.aborted) this.#problem = t.failed(describeError(error));
      return false;
    } finally {
      this.#sending = false;
    }
  }
}
