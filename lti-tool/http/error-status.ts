import type { DomainError, DomainErrorCode } from '../../shared/domain/errors.ts';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  'invalid-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  expired: 410,
  'already-used': 410,
  'payload-too-large': 413,
  'too-many-requests': 429,
};

/** The one place a domain error becomes an HTTP status. */
export function statusFor(error: DomainError): number {
  return STATUS_BY_CODE[error.code];
}
