/** Why a sync attempt failed, and whether trying again later can help. */
export type SyncErrorReason = 'offline' | 'server' | 'unauthenticated' | 'rejected' | 'bad-response';

export class SyncError extends Error {
  constructor(
    readonly reason: SyncErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncError';
  }

  /** Offline and 5xx clear up by themselves; a revoked token or a refused payload does not. */
  get retriable(): boolean {
    return this.reason === 'offline' || this.reason === 'server';
  }
}
