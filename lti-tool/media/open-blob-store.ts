import path from 'node:path';
import type { AppConfig } from '../core/config.ts';
import { createFsBlobStore } from './fs-blob-store.ts';
import type { BlobStore } from './ports.ts';

/** The blob store the configuration names: files under DATA_DIR/media unless MEDIA_STORE says otherwise. */
export function openBlobStore(config: Pick<AppConfig, 'dataDir'>): Promise<BlobStore> {
  return createFsBlobStore(path.join(config.dataDir, 'media'));
}
