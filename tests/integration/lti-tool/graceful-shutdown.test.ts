/**
 * SIGTERM, as a platform stopping a container sends it, to a real tool process
 * (lti-tool/server/stop-signals.ts, as `npm start` uses): it stops taking connections, lets the
 * request under way finish and land, and exits 0; one that outlasts SHUTDOWN_GRACE_MS is cut.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../../lti-tool/media/fs-blob-store.ts';
import { loadStarterModules } from '../../../lti-tool/modules/starter-library.ts';
import { testId } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { launchModule, webmBytes } from '../../harness/practice.ts';
import { startTestServer } from '../../harness/tool-server.ts';
import { startToolServerProcess } from '../../harness/tool-server-process.ts';
import { uploadInTwoHalves } from '../../harness/uploads.ts';

let dataDir: string;
let platform: FakePlatform;
let sessionToken: string;

beforeAll(async () => {
  // A teacher's session, made by a tool on the same data folder as the processes below.
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-shutdown-'));
  const first = await startTestServer({ dataDir });
  platform = await FakePlatform.start('moodle', 'shutdown');
  await first.registerPlatform(platform.registration, [platform.deploymentId]);
  const page = await launchModule(platform, first.url, {
    userId: 'teacher-1',
    course: 'course-1',
    link: 'link-1',
    module: loadStarterModules()[0]!.id,
    role: 'learner',
  });
  sessionToken = page.sessionToken;
  await first.close();
});

afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGTERM', () => {
  it('stops taking connections, finishes the upload under way (it lands), then exits 0', async () => {
    const tool = await startToolServerProcess({ DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '30000' });
    const id = testId();
    const upload = uploadInTwoHalves(tool.url, sessionToken, id, webmBytes(256 * 1024));
    await upload.received;
    tool.signal('SIGTERM');
    // New connections are refused once it has stopped listening.
    await expect
      .poll(() =>
        fetch(`${tool.url}/healthz`).then(
          () => 'answered',
          () => 'refused',
        ),
      )
      .toBe('refused');
    upload.finish();
    expect(await upload.answered).toEqual({ status: 201 });
    expect(await tool.exited()).toBe(0);

    // What got a 2xx is there for the next process.
    const next = await startToolServerProcess({ DATA_DIR: dataDir });
    const media = await fetch(`${next.url}/api/media/${id}`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(media.status).toBe(200);
    expect((await media.arrayBuffer()).byteLength).toBe(256 * 1024);
    await next.stop();
  });

  it('cuts a request that outlasts SHUTDOWN_GRACE_MS, and still exits 0', async () => {
    const tool = await startToolServerProcess({ DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '200' });
    const upload = uploadInTwoHalves(tool.url, sessionToken, testId(), webmBytes(256 * 1024));
    await upload.received;
    tool.signal('SIGTERM');
    // The second half never comes: the grace period ends it.
    expect(await tool.exited()).toBe(0);
    await expect(upload.answered).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('SIGKILL mid-upload leaves no half file under any key and no record of it', async () => {
    const tool = await startToolServerProcess({ DATA_DIR: dataDir });
    const media = path.join(dataDir, 'media');
    const keys = async () => {
      const found: string[] = [];
      for await (const key of (await createFsBlobStore(media)).keys()) found.push(key);
      return found.sort();
    };
    const before = await keys();
    const id = testId();
    const upload = uploadInTwoHalves(tool.url, sessionToken, id, webmBytes(256 * 1024));
    await upload.received;
    // Half of it is on disk, being written, when the process dies.
    const writing = async () => {
      const files = await readdir(path.join(media, 'incoming'));
      const sizes = await Promise.all(
        files.map(async (file) => (await stat(path.join(media, 'incoming', file))).size),
      );
      return sizes.some((size) => size > 0);
    };
    await expect.poll(writing).toBe(true);
    tool.signal('SIGKILL');
    expect(await tool.exited()).toBeNull();
    await expect(upload.answered).rejects.toThrow();

    expect(await keys()).toEqual(before);
    const next = await startToolServerProcess({ DATA_DIR: dataDir });
    const answer = await fetch(`${next.url}/api/media/${id}`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(answer.status).toBe(404);
    await next.stop();
  });
});
