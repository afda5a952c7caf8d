import * as v from 'valibot';
import { DomainError } from './errors.ts';

/** A readable one-line summary of what is wrong, naming the field. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Parse at a boundary; throws a DomainError('invalid-input') that names the failing fields. */
export function parseOrThrow<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  what = 'input',
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    throw new DomainError('invalid-input', `Invalid ${what}: ${describeIssues(result.issues)}`);
  }
  return result.output;
}
