import type { Logger } from '../core/logger.ts';
import type { RetentionStore } from './ports.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Rehearsal recordings are kept `retentionDays` (RECORDING_RETENTION_DAYS), then deleted; their
 * rounds keep everything else and say the recording was deleted after that many days. The server
 * runs it periodically; tests call it with their own clock.
 */
export function createRetentionService(deps: {
  store: RetentionStore;
  /** Deletes the bytes of removed files no file keeps (media/media-service.ts releaseBlobs). */
  releaseBlobs: (keys: readonly string[]) => Promise<void>;
  retentionDays: number;
  now: () => Date;
  logger: Logger;
}) {
  return {
    retentionDays: deps.retentionDays,
    /** Deletes the recordings past the period now; how many went. */
    async applyDue(): Promise<number> {
      const before = new Date(deps.now().getTime() - deps.retentionDays * DAY_MS);
      const { deleted, blobs } = await deps.store.deleteRehearsalsBefore(before, deps.retentionDays);
      await deps.releaseBlobs(blobs);
      if (deleted > 0) deps.logger.info('recordings past retention deleted', { deleted });
      return deleted;
    },
  };
}
export type RetentionService = ReturnType<typeof createRetentionService>;
