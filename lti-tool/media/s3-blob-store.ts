import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobIntake } from './blob-intake.ts';
import type { BlobStore } from './ports.ts';
import type { S3Location } from '../core/s3-location.ts';

const KEY = /^[0-9a-f]{64}$/;

const missing = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error as { name?: string }).name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Blobs in an S3 bucket (or an S3-compatible store), `prefix/blobs/<sha256>`. An upload is
 * streamed as a multipart upload to `prefix/incoming/<uuid>` (nothing of it is visible until it is
 * completed, and a failed or killed one is never completed), then copied to its key and the
 * incoming object deleted. Credentials and region come from the usual AWS variables.
 */
export function createS3BlobStore(location: S3Location, config: S3ClientConfig = {}): BlobStore {
  const client = new S3Client({
    // S3-compatible servers (MinIO, Ceph, s3rver) answer plain requests; streamed checksums are off.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...config,
  });
  const { bucket, prefix } = location;
  const keyOf = (key: string) => {
    if (!KEY.test(key)) throw new Error('Not a blob key.');
    return `${prefix}blobs/${key}`;
  };

  return {
    async put(body, limits) {
      const intake = new BlobIntake(limits);
      const incoming = `${prefix}incoming/${randomUUID()}`;
      const passing = new PassThrough();
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: incoming, Body: passing },
        // A failed upload's parts are removed: nothing is left behind.
        leavePartsOnError: false,
      });
      const uploaded = upload.done();
      try {
        await Promise.all([pipeline(body, intake, passing), uploaded]);
      } catch (error) {
        passing.destroy();
        await upload.abort().catch(() => undefined);
        await uploaded.catch(() => undefined);
        throw error;
      }
      const blob = intake.stored;
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(blob.key) }));
      } catch (error) {
        if (!missing(error)) throw error;
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: keyOf(blob.key),
            CopySource: `${bucket}/${encodeURIComponent(incoming).replace(/%2F/g, '/')}`,
          }),
        );
      } finally {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: incoming }));
      }
      return blob;
    },

    async get(key, range) {
      try {
        const answer = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: keyOf(key),
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        );
        return answer.Body as Readable;
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
    },

    async *keys() {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}blobs/`, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) {
          const key = item.Key?.slice(`${prefix}blobs/`.length);
          if (key && KEY.test(key)) yield key;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },

    describe: () => `s3://${bucket}/${prefix}`,
  };
}
