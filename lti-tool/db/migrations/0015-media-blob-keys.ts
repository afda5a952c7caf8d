import type { Migration } from './migration.ts';

/**
 * Uploaded bytes move out of the database into a blob store (media/ports.ts BlobStore): a file's
 * row keeps its SHA-256 key. Rows stored before keep their bytes until the start-up step
 * (media/move-blobs-out.ts) has copied them out and emptied them; `bytes` then stays as an empty
 * column (SQLite cannot drop NOT NULL without rebuilding the table).
 */
export const mediaBlobKeys: Migration = {
  name: '0015-media-blob-keys',
  async up({ context: { sequelize } }) {
    await sequelize.query(`ALTER TABLE "media_files" ADD COLUMN "blobKey" VARCHAR(64)`);
    await sequelize.query(`CREATE INDEX IF NOT EXISTS "media_files_blob_key" ON "media_files" ("blobKey")`);
  },
};
