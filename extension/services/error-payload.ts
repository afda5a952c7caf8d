import * as v from 'valibot';
import { SyncError } from '../../shared/data/errors.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { describeIssues } from '../../shared/domain/validation.ts';

export interface ErrorPayload {
  code: string;
  message: string;
}

/**
 * The one mapper from thrown errors to the `{ code, message }` the UI shows. Sync errors keep
 * their reason as the code (offline, server, unauthenticated, rejected, bad-response).
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof SyncError) return { code: error.reason, message: error.message };
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof v.ValiError) return { code: 'invalid-input', message: describeIssues(error.issues) };
  return { code: 'internal', message: 'Something went wrong in the extension. Try again.' };
}
