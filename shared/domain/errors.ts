export type DomainErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'expired'
  | 'already-used'
  | 'payload-too-large'
  | 'too-many-requests';

/** One error type for rule violations; each boundary maps `code` to its own status or message. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}
