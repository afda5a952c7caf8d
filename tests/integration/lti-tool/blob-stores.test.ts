/**
 * The blob stores uploads live in (lti-tool/media/ports.ts BlobStore), held to one contract: the
 * file-system store and the S3 store against a real S3-compatible server (s3rver).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../../lti-tool/media/fs-blob-store.ts';
import type { BlobStore } from '../../../lti-tool/media/ports.ts';
import { createS3BlobStore } from '../../../lti-tool/media/s3-blob-store.ts';
import { s3LocationOf } from '../../../lti-tool/core/s3-location.ts';
import { s3ClientConfig, startTestS3, type TestS3 } from '../../harness/s3-server.ts';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const accept = { maxBytes: 1024 * 1024, tooLarge: () => new Error('too large'), check: () => null };
const read = async (stream: Readable | null) =>
  stream ? Buffer.concat((await stream.toArray()) as Buffer[]) : null;
const all = async (store: BlobStore) => {
  const keys: string[] = [];
  for await (const key of store.keys()) keys.push(key);
  return keys.sort();
};
/** A body that sends `first`, then fails, as a connection cut mid-upload does. */
const brokenAfter = (first: Buffer) =>
  new Readable({
    read() {
      if (this.readableLength === 0 && !(this as { sent?: boolean }).sent) {
        (this as { sent?: boolean }).sent = true;
        this.push(first);
      } else this.destroy(new Error('connection reset'));
    },
  });

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(() => s3?.close());

describe.each([
  ['the file system', async () => createFsBlobStore(mkdtempSync(path.join(tmpdir(), 'blobs-')))],
  [
    'S3 (s3rver)',
    async () => createS3BlobStore({ bucket: s3.bucket, prefix: `run-${Date.now()}/` }, s3ClientConfig(s3)),
  ],
] as const)('blobs in %s', (_name, open) => {
  let store: BlobStore;
  beforeAll(async () => {
    store = await open();
  });

  it('keeps bytes under their SHA-256, once however often they are put, and gives them back', async () => {
    const bytes = Buffer.from('rehearsal '.repeat(5000));
    const first = await store.put(Readable.from([bytes.subarray(0, 7000), bytes.subarray(7000)]), accept);
    expect(first).toEqual({ key: sha(bytes), size: bytes.length });
    expect(await store.put(Readable.from([bytes]), accept)).toEqual(first);
    expect(await all(store)).toEqual([sha(bytes)]);
    expect((await read(await store.get(first.key)))!.equals(bytes)).toBe(true);
  });

  it('gives back a range of them, both ends included', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, index) => index % 251));
    const { key } = await store.put(Readable.from([bytes]), accept);
    expect(
      (await read(await store.get(key, { start: 1000, end: 1999 })))!.equals(bytes.subarray(1000, 2000)),
    ).toBe(true);
  });

  it('refuses bytes past the limit or of the wrong kind, and keeps nothing of them', async () => {
    const before = await all(store);
    const big = Buffer.alloc(300_000, 7);
    await expect(
      store.put(Readable.from([big.subarray(0, 200_000), big.subarray(200_000)]), {
        ...accept,
        maxBytes: 250_000,
      }),
    ).rejects.toThrow('too large');
    await expect(
      store.put(Readable.from([Buffer.from('%PDF-1.7 not audio')]), {
        ...accept,
        check: (head) => (head.subarray(0, 4).toString() === '%PDF' ? new Error('not audio') : null),
      }),
    ).rejects.toThrow('not audio');
    expect(await all(store)).toEqual(before);
  });

  it('leaves no object of an upload cut off half-way', async () => {
    const before = await all(store);
    await expect(store.put(brokenAfter(Buffer.alloc(100_000, 1)), accept)).rejects.toThrow(
      'connection reset',
    );
    expect(await all(store)).toEqual(before);
  });

  it('deletes, after which there is nothing under the key', async () => {
    const bytes = Buffer.from('to be erased');
    const { key } = await store.put(Readable.from([bytes]), accept);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    expect(await all(store)).not.toContain(key);
  });
});

describe('MEDIA_STORE', () => {
  it('reads s3://bucket/prefix, and nothing else', () => {
    expect(s3LocationOf('s3://coaching-media/trust-a/media')).toEqual({
      bucket: 'coaching-media',
      prefix: 'trust-a/media/',
    });
    expect(s3LocationOf('s3://coaching-media')).toEqual({ bucket: 'coaching-media', prefix: '' });
    for (const bad of ['https://coaching-media', 's3://', 's3://Upper_Case/x', 'file:///data']) {
      expect(s3LocationOf(bad)).toBeNull();
    }
  });
});
