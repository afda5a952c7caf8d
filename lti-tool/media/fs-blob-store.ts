import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BlobIntake } from './blob-intake.ts';
import type { BlobStore } from './ports.ts';

const KEY = /^[0-9a-f]{64}$/;

/** An upload still in `incoming/` after this long was left by a process that died mid-upload. */
const ABANDONED_MS = 60 * 60 * 1000;

/**
 * Blobs as files under `root` (DATA_DIR/media by default): `ab/abcdef…` by SHA-256. An upload is
 * written to `incoming/` and renamed into place once whole (rename is atomic on one file system),
 * so a process killed mid-upload leaves no half file under any key; what such a process left in
 * `incoming/` is removed by the next start (only old files: another process may be uploading).
 */
export async function createFsBlobStore(root: string): Promise<BlobStore> {
  const incoming = path.join(root, 'incoming');
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  for (const name of await readdir(incoming)) {
    const file = path.join(incoming, name);
    const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > ABANDONED_MS) await rm(file, { force: true });
  }
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error('Not a blob key.');
    return path.join(root, key.slice(0, 2), key);
  };

  return {
    async put(body, limits) {
      const intake = new BlobIntake(limits);
      const temporary = path.join(incoming, randomUUID());
      try {
        await pipeline(body, intake, createWriteStream(temporary, { mode: 0o600 }));
        const blob = intake.stored;
        await mkdir(path.dirname(pathOf(blob.key)), { recursive: true, mode: 0o700 });
        await rename(temporary, pathOf(blob.key));
        return blob;
      } finally {
        await rm(temporary, { force: true });
      }
    },

    async get(key, range) {
      const file = pathOf(key);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return createReadStream(file, range ? { start: range.start, end: range.end } : {});
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async *keys() {
      for (const folder of await readdir(root)) {
        if (!/^[0-9a-f]{2}$/.test(folder)) continue;
        for (const name of await readdir(path.join(root, folder))) if (KEY.test(name)) yield name;
      }
    },

    describe: () => `files under ${root}`,
  };
}
