import { parseActionStepDraft } from '../../../shared/domain/coaching/action-step-draft.ts';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { OverviewState } from '../../state/overview-state.svelte.ts';
import type { FieldErrors } from './field-errors.ts';

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
    const parsed = parseActionStepDraft({
      goal: this.goal,
      title: this.title,
      what: '',
      successCriteria: this.successCriteria,
      whenToPractise: this.whenToPractise,
      why: this.why,
    });
    if (!parsed.ok) {
      // One message per field: the first is the one to fix first.
      const errors: FieldErrors = {};
      for (const error of parsed.errors) errors[error.field] ??= error.message;
      this.#errors = errors;
      return;
    }
    const response = await this.#overview.run({ type: 'set-local-step', step: parsed.step });
    this.#errors = response.ok ? {} : { form: response.error.message };
    this.#saved = response.ok;
  }
}
