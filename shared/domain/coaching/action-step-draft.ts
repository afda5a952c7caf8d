import * as v from 'valibot';
import { describeIssues } from '../validation.ts';
import { ActionStepInputSchema, type ActionStepInput } from './action-step.ts';

/** The fields of an action-step form, in display order; also each control's `name`. */
export const ACTION_STEP_FIELDS = [
  'goal',
  'title',
  'what',
  'successCriteria',
  'whenToPractise',
  'why',
] as const;
export type ActionStepField = (typeof ACTION_STEP_FIELDS)[number];

/** What a person typed: every field as text, success criteria one per line. */
export type ActionStepDraft = Record<ActionStepField, string>;

export interface DraftError {
  field: ActionStepField;
  message: string;
}

/** Success criteria are typed one per line; blank lines are ignored (a trailing newline is no criterion). */
export function criteriaFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function isField(key: unknown): key is ActionStepField {
  return typeof key === 'string' && (ACTION_STEP_FIELDS as readonly string[]).includes(key);
}

/**
 * Parses a typed draft into an ActionStepInput, or lists what is wrong per field
 * (a bad criterion names its line). Shared by the coach's form and the extension's.
 */
export function parseActionStepDraft(
  draft: ActionStepDraft,
): { ok: true; step: ActionStepInput } | { ok: false; errors: DraftError[] } {
  const result = v.safeParse(ActionStepInputSchema, {
    ...draft,
    successCriteria: criteriaFromText(draft.successCriteria),
  });
  if (result.success) return { ok: true, step: result.output };
  const errors = result.issues.map((issue): DraftError => {
    const [first, second] = issue.path ?? [];
    const field = first?.key;
    if (!isField(field)) return { field: 'title', message: describeIssues([issue]) };
    const line = field === 'successCriteria' && typeof second?.key === 'number' ? second.key : null;
    return { field, message: line === null ? issue.message : `Line ${line + 1}: ${issue.message}` };
  });
  return { ok: false, errors };
}
