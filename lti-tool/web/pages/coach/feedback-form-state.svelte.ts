import * as v from 'valibot';
import {
  FeedbackInputSchema,
  type CriterionJudgement,
  type FeedbackInput,
} from '../../../../shared/domain/coaching/practice.ts';
import { reviewStrings as t } from '../../strings/review.ts';
import { feedbackTemplate, type FeedbackText } from './feedback-templates.ts';

export const FEEDBACK_TEXT_FIELDS = ['praise', 'probe', 'nextStep'] as const;
export type FeedbackTextField = (typeof FEEDBACK_TEXT_FIELDS)[number];
/** `criteria` is the group of judgements; a text field is named by its key. */
export type FeedbackField = FeedbackTextField | 'criteria';

export interface FeedbackError {
  field: FeedbackField;
  message: string;
}

/**
 * The coach's draft feedback on one round: three texts and one judgement per success
 * criterion, starting from the trainee's own self-assessment. Kept while the page is open,
 * so nothing typed is lost when an item is closed or a send fails.
 */
export class FeedbackFormState {
  readonly criteria: readonly string[];
  #text = $state<FeedbackText>({ praise: '', probe: '', nextStep: '' });
  #judgements = $state<(CriterionJudgement | null)[]>([]);
  #errors = $state.raw<readonly FeedbackError[]>([]);
  #beforeTemplate = $state.raw<FeedbackText | null>(null);

  constructor(criteria: readonly string[], selfAssessment: readonly CriterionJudgement[]) {
    this.criteria = criteria;
    this.#judgements = criteria.map((_, index) => selfAssessment[index] ?? null);
  }

  get values(): Readonly<FeedbackText> {
    return this.#text;
  }
  get judgements(): readonly (CriterionJudgement | null)[] {
    return this.#judgements;
  }
  get errors(): readonly FeedbackError[] {
    return this.#errors;
  }
  /** True right after a template replaced text the coach had typed. */
  get canUndoTemplate(): boolean {
    return this.#beforeTemplate !== null;
  }
  get firstInvalidField(): FeedbackField | null {
    const order: FeedbackField[] = ['criteria', ...FEEDBACK_TEXT_FIELDS];
    return order.find((field) => this.#errors.some((error) => error.field === field)) ?? null;
  }

  errorFor(field: FeedbackField): string | null {
    const messages = this.#errors.filter((error) => error.field === field).map((error) => error.message);
    return messages.length > 0 ? messages.join(' ') : null;
  }

  set(field: FeedbackTextField, value: string): void {
    this.#text[field] = value;
    this.#beforeTemplate = null;
  }

  judge(index: number, judgement: CriterionJudgement): void {
    if (index < 0 || index >= this.#judgements.length) return;
    this.#judgements[index] = judgement;
  }

  /** Fills the three texts from the criteria as judged now; what was typed can be brought back once. */
  applyTemplate(): void {
    const before = { ...this.#text };
    this.#text = feedbackTemplate(this.criteria, this.#judgements);
    const typed = FEEDBACK_TEXT_FIELDS.some((field) => before[field].trim().length > 0);
    this.#beforeTemplate = typed ? before : null;
  }

  undoTemplate(): void {
    if (!this.#beforeTemplate) return;
    this.#text = this.#beforeTemplate;
    this.#beforeTemplate = null;
  }

  /** Parses with the API's own schema; on failure every typed value stays and the errors are kept per field. */
  validate(): FeedbackInput | null {
    const errors: FeedbackError[] = [];
    if (this.#judgements.some((judgement) => judgement === null)) {
      errors.push({ field: 'criteria', message: t.judgeEach });
    }
    const result = v.safeParse(FeedbackInputSchema, { ...this.#text, criteria: this.#judgements });
    if (!result.success) {
      for (const issue of result.issues) {
        const key = issue.path?.[0]?.key;
        const field: FeedbackField =
          key === 'praise' || key === 'probe' || key === 'nextStep' ? key : 'criteria';
        if (field === 'criteria' && errors.some((error) => error.field === 'criteria')) continue;
        errors.push({ field, message: issue.message });
      }
    }
    this.#errors = errors;
    return result.success && errors.length === 0 ? result.output : null;
  }
}
