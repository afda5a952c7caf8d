/**
 * The tool with MEDIA_STORE=s3://… against a real S3-compatible server (s3rver), configured as a
 * deployment would be (the AWS variables, in its own process): uploads land in the bucket, play
 * back in ranges, and a process killed mid-upload leaves no object under any key.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3BlobStore } from '../../../lti-tool/media/s3-blob-store.ts';
import type { BlobStore } from '../../../lti-tool/media/ports.ts';
import { loadStarterModules } from '../../../lti-tool/modules/starter-library.ts';
import { testId } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { launchModule, putMedia, webmBytes } from '../../harness/practice.ts';
import { s3ClientConfig, startTestS3, type TestS3 } from '../../harness/s3-server.ts';
import { startTestServer } from '../../harness/tool-server.ts';
import { startToolServerProcess, type ToolServerProcess } from '../../harness/tool-server-process.ts';
import { uploadInTwoHalves } from '../../harness/uploads.ts';

const PREFIX = 'trust-a/media';
let s3: TestS3;
let bucket: BlobStore;
let dataDir: string;
let platform: FakePlatform;
let sessionToken: string;
let tool: ToolServerProcess;

const keys = async () => {
  const found: string[] = [];
  for await (const key of bucket.keys()) found.push(key);
  return found.sort();
};
const s3Env = () => ({ ...s3.env, MEDIA_STORE: `s3://${s3.bucket}/${PREFIX}` });

beforeAll(async () => {
  s3 = await startTestS3();
  bucket = createS3BlobStore({ bucket: s3.bucket, prefix: `${PREFIX}/` }, s3ClientConfig(s3));
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-s3-'));
  const first = await startTestServer({ dataDir });
  platform = await FakePlatform.start('moodle', 's3-school');
  await first.registerPlatform(platform.registration, [platform.deploymentId]);
  sessionToken = (
    await launchModule(platform, first.url, {
      userId: 'teacher-s3',
      course: 'course-1',
      link: 'link-1',
      module: loadStarterModules()[0]!.id,
      role: 'learner',
    })
  ).sessionToken;
  await first.close();
  tool = await startToolServerProcess({ DATA_DIR: dataDir, ...s3Env() });
});

afterAll(async () => {
  await tool?.stop();
  await platform?.close();
  await s3?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('uploads in S3', () => {
  it('puts a recording in the bucket under its SHA-256 and plays it back in ranges', async () => {
    const id = testId();
    const bytes = webmBytes(120_000);
    expect((await putMedia(tool.url, sessionToken, id, bytes, 'audio/webm')).status).toBe(201);
    expect(await keys()).toContain(createHash('sha256').update(bytes).digest('hex'));
    const part = await fetch(`${tool.url}/api/media/${id}`, {
      headers: { authorization: `Bearer ${sessionToken}`, range: 'bytes=100000-' },
    });
    expect([part.status, part.headers.get('content-range')]).toEqual([206, 'bytes 100000-119999/120000']);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100_000))).toBe(true);
  });

  it('leaves no object under any key when the process is killed mid-upload', async () => {
    const before = await keys();
    const dying = await startToolServerProcess({ DATA_DIR: dataDir, ...s3Env() });
    const upload = uploadInTwoHalves(dying.url, sessionToken, testId(), webmBytes(256 * 1024));
    await upload.received;
    dying.signal('SIGKILL');
    expect(await dying.exited()).toBeNull();
    await expect(upload.answered).rejects.toThrow();
    expect(await keys()).toEqual(before);
  });
});
