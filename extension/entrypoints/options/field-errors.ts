import * as v from 'valibot';

export type FieldErrors = Partial<Record<string, string>>;

/** First message per top-level field (`successCriteria.2` counts as `successCriteria`). */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = v.getDotPath(issue)?.split('.')[0] ?? 'form';
    errors[field] ??= issue.message;
  }
  return errors;
}
