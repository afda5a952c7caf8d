import * as v from 'valibot';
import { ActionStepInputSchema, type ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { OverviewState } from '../../state/overview-state.svelte.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';

/** One criterion per line; blank lines are ignored so a trailing newline is not an empty criterion. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** "Use on your own": the teacher writes their own step. Fields are never cleared on error. */
export class LocalStepFormState {
  goal = $state('');
  title = $state('');
  successCriteria = $state('');
  whenToPractise = $state('');
  why = $state('');
  #errors = $state<FieldErrors>({});
  #saved = $state(false);
  #prefilled = false;
  readonly #overview: OverviewState;

  constructor(overview: OverviewState) {
    this.#overview = overview;
  }

  get errors(): FieldErrors {
    return this.#errors;
  }

  get saved(): boolean {
    return this.#saved;
  }

  /** Start from the stored step once, so editing does not mean retyping. */
  prefill(step: ActionStep): void {
    if (this.#prefilled) return;
    this.#prefilled = true;
    this.goal = step.goal;
    this.title = step.title;
    this.successCriteria = step.successCriteria.join('\n');
    this.whenToPractise = step.whenToPractise;
    this.why = step.why;
  }

  async save(): Promise<void> {
    this.#prefilled = true;
    this.#saved = false;
    const parsed = v.safeParse(ActionStepInputSchema, {
      goal: this.goal,
      title: this.title,
      successCriteria: lines(this.successCriteria),
      whenToPractise: this.whenToPractise,
      why: this.why,
    });
    if (!parsed.success) {
      this.#errors = fieldErrors(parsed.issues);
      return;
    }
    const response = await this.#overview.run({ type: 'set-local-step', step: parsed.output });
    this.#errors = response.ok ? {} : { form: response.error.message };
    this.#saved = response.ok;
  }
}
