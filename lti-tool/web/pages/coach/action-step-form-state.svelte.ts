import {
  ACTION_STEP_FIELDS,
  parseActionStepDraft,
  type ActionStepDraft,
  type ActionStepField,
  type DraftError,
} from '../../../../shared/domain/coaching/action-step-draft.ts';
import type { ActionStepInput } from '../../../../shared/domain/coaching/action-step.ts';

export const FORM_FIELDS = ACTION_STEP_FIELDS;
export type FormField = ActionStepField;
export type FormValues = ActionStepDraft;
export type FieldError = DraftError;

export const REQUIRED_FIELDS: readonly FormField[] = ['goal', 'title', 'successCriteria', 'whenToPractise'];

function emptyValues(initial: Partial<FormValues> = {}): FormValues {
  return { goal: '', title: '', what: '', successCriteria: '', whenToPractise: '', why: '', ...initial };
}

/** A draft action step: what was typed, and what is wrong with it after the last submit. */
export class ActionStepFormState {
  #values = $state<FormValues>(emptyValues());
  #errors = $state.raw<readonly FieldError[]>([]);
  #pristine = true;

  constructor(initial: Partial<FormValues> = {}) {
    this.#values = emptyValues(initial);
  }

  get values(): Readonly<FormValues> {
    return this.#values;
  }

  /** True until someone types; an untouched draft may be re-filled from newer data. */
  get pristine(): boolean {
    return this.#pristine;
  }

  get errors(): readonly FieldError[] {
    return this.#errors;
  }

  /** The first field with a problem, to move focus to. */
  get firstInvalidField(): FormField | null {
    return FORM_FIELDS.find((field) => this.#errors.some((error) => error.field === field)) ?? null;
  }

  errorFor(field: FormField): string | null {
    const messages = this.#errors.filter((error) => error.field === field).map((error) => error.message);
    return messages.length > 0 ? messages.join(' ') : null;
  }

  /** Starts a fresh draft, e.g. after a save; the goal usually carries over to the next step. */
  reset(initial: Partial<FormValues> = {}): void {
    this.#values = emptyValues(initial);
    this.#errors = [];
    this.#pristine = true;
  }

  /** Replaces the draft with a starting point the coach chose (e.g. a module's step); counts as typed. */
  fill(values: Partial<FormValues>): void {
    this.#values = emptyValues(values);
    this.#errors = [];
    this.#pristine = false;
  }

  set(field: FormField, value: string): void {
    this.#values[field] = value;
    this.#pristine = false;
  }

  /** Parses the draft; on failure keeps every typed value and records the errors. */
  validate(): ActionStepInput | null {
    const result = parseActionStepDraft(this.#values);
    if (!result.ok) {
      this.#errors = result.errors;
      return null;
    }
    this.#errors = [];
    return result.step;
  }
}
