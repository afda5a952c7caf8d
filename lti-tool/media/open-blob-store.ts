import path from 'node:path';
import type { AppConfig } from '../core/config.ts';
import { createFsBlobStore } from './fs-blob-store.ts';
import type { BlobStore } from './ports.ts';

/**
 * The blob store the configuration names: files under DATA_DIR/media, or the S3 bucket of
 * MEDIA_STORE (the AWS SDK is loaded only then).
 */
export async function openBlobStore(config: Pick<AppConfig, 'dataDir' | 'mediaStore'>): Promise<BlobStore> {
  if (!config.mediaStore) return createFsBlobStore(path.join(config.dataDir, 'media'));
  const { bucket, prefix, forcePathStyle } = config.mediaStore;
  const { createS3BlobStore } = await import('./s3-blob-store.ts');
  return createS3BlobStore({ bucket, prefix }, { forcePathStyle });
}
