import { Readable } from 'node:stream';
import type { Logger } from '../core/logger.ts';
import type { BlobStore } from './ports.ts';

export interface LegacyMedia {
  /** Files whose bytes are still in their row, a batch at a time. */
  nextWithBytes(limit: number): Promise<{ id: string; bytes: Buffer }[]>;
  /** Keeps the key and empties the row (only if not moved meanwhile by another process). */
  moved(id: string, key: string): Promise<void>;
}

const BATCH = 20;

/**
 * The data step of migration 0015, run at every start before the tool listens: bytes stored in
 * the database by an earlier release are put in the blob store, then their row keeps the key and
 * no bytes. Safe to stop at any point and to run in several processes at once: a blob is written
 * whole before its row is changed, and writing the same bytes twice stores them once.
 */
export async function moveBlobsOut(legacy: LegacyMedia, blobs: BlobStore, logger: Logger): Promise<number> {
  let moved = 0;
  for (;;) {
    const batch = await legacy.nextWithBytes(BATCH);
    for (const { id, bytes } of batch) {
      const blob = await blobs.put(Readable.from([bytes]), {
        // Already accepted when uploaded: stored as they are.
        maxBytes: Number.POSITIVE_INFINITY,
        tooLarge: () => new Error('unreachable'),
        check: () => null,
      });
      await legacy.moved(id, blob.key);
      moved += 1;
    }
    if (batch.length < BATCH) break;
  }
  if (moved > 0) logger.info('uploads moved out of the database', { files: moved, store: blobs.describe() });
  return moved;
}
