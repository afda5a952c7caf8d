import * as v from 'valibot';
import {
  ActionStepInputSchema,
  type ActionStepInput,
} from '../../../../shared/domain/coaching/action-step.ts';
import { describeIssues } from '../../../../shared/domain/validation.ts';

/** The form's fields, in display order; also each control's `name`. */
export const FORM_FIELDS = ['goal', 'title', 'what', 'successCriteria', 'whenToPractise', 'why'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FormField, string>;

export const REQUIRED_FIELDS: readonly FormField[] = ['goal', 'title', 'successCriteria', 'whenToPractise'];

export interface FieldError {
  field: FormField;
  message: string;
}

/** Success criteria are typed one per line; blank lines are ignored. */
export function criteriaFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function isFormField(key: unknown): key is FormField {
  return typeof key === 'string' && (FORM_FIELDS as readonly string[]).includes(key);
}

/** Maps valibot issues to the field they belong to; the messages already name the field. */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => {
    const [first, second] = issue.path ?? [];
    const field = first?.key;
    if (!isFormField(field)) return { field: 'title', message: describeIssues([issue]) };
    const line = field === 'successCriteria' && typeof second?.key === 'number' ? second.key : null;
    return { field, message: line === null ? issue.message : `Line ${line + 1}: ${issue.message}` };
  });
}

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

  set(field: FormField, value: string): void {
    this.#values[field] = value;
    this.#pristine = false;
  }

  /** Parses the draft; on failure keeps every typed value and records the errors. */
  validate(): ActionStepInput | null {
    const values = this.#values;
    const result = v.safeParse(ActionStepInputSchema, {
      goal: values.goal,
      title: values.title,
      what: values.what,
      successCriteria: criteriaFromText(values.successCriteria),
      whenToPractise: values.whenToPractise,
      why: values.why,
    });
    if (!result.success) {
      this.#errors = fieldErrors(result.issues);
      return null;
    }
    this.#errors = [];
    return result.output;
  }
}
