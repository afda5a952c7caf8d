import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** S3's test credentials as s3rver accepts them (any signature by this key pair). */
const ACCESS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3 {
  bucket: string;
  endpoint: string;
  /** What the tool reads to reach it (MEDIA_STORE and the usual AWS variables). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real S3-compatible HTTP server (s3rver, from npm) on a free port with one bucket, its objects
 * in a temporary folder: the S3 blob store is tested over the S3 API, not against a mock.
 */
export async function startTestS3(bucket = 'coaching-media'): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    bucket,
    endpoint,
    env: {
      AWS_ACCESS_KEY_ID: ACCESS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ACCESS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: endpoint,
      S3_FORCE_PATH_STYLE: '1',
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export const s3ClientConfig = (s3: TestS3) => ({
  endpoint: s3.endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: ACCESS,
});
