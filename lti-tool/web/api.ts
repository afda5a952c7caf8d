import { SyncError, type HttpTransportOptions } from '../../shared/data/index.ts';
import type { Bootstrap } from './bootstrap.ts';
import { common } from './strings.ts';

/** Same-origin JSON API options for a page: bearer session token, injectable fetch. */
export function apiOptions(bootstrap: Bootstrap, fetchImpl?: typeof fetch): HttpTransportOptions {
  return {
    baseUrl: bootstrap.publicUrl,
    token: () => bootstrap.sessionToken,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  };
}

/** One sentence a person can act on, for any failure of an API call. */
export function describeError(error: unknown): string {
  if (error instanceof SyncError) {
    switch (error.reason) {
      case 'offline':
        return common.errors.offline;
      case 'unauthenticated':
        return common.errors.unauthenticated;
      case 'server':
        return common.errors.server;
      case 'bad-response':
        return common.errors.badResponse;
      case 'rejected':
        return error.message;
    }
  }
  return common.errors.unexpected;
}
