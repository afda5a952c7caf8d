import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Writable } from 'node:stream';

/** One file of the download: text is compressed, recordings (already compressed audio) stored as they are. */
export interface ArchiveEntry {
  name: string;
  bytes: Uint8Array;
  compress: boolean;
}

/** Resolves once `out` wants more, rejects if it closes first (the browser went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('The download was closed before it finished.'));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', done);
  });
}

/**
 * Writes a ZIP of `entries` to `out` as they come (fflate's streaming Zip): one entry is held in
 * memory at a time, and writing waits while `out` is full. Ends `out` when the archive is done.
 */
export async function writeZip(
  out: Writable,
  entries: AsyncIterable<ArchiveEntry>,
  mtime: Date,
): Promise<void> {
  let failure: Error | null = null;
  const ready: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  const flush = async () => {
    for (const chunk of ready.splice(0)) {
      if (!out.write(chunk)) await drained(out);
    }
    if (failure) throw failure;
  };
  for await (const entry of entries) {
    const file = entry.compress ? new ZipDeflate(entry.name, { level: 6 }) : new ZipPassThrough(entry.name);
    file.mtime = mtime;
    zip.add(file);
    file.push(entry.bytes, true);
    await flush();
  }
  zip.end();
  await flush();
  await new Promise<void>((resolve) => out.end(resolve));
}
