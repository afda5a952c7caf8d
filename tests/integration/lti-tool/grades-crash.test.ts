/**
 * A tool process killed (SIGKILL) while a score is with the LMS: the LMS took it, but the process
 * never recorded that. Its lease ends and another process sends the job again, with the
 * timestamp the first attempt chose, so the LMS does not take the score a second time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contextKeyOf, tenantKeyOf } from '../../../lti-tool/core/link-keys.ts';
import { loadStarterModules } from '../../../lti-tool/modules/starter-library.ts';
import { FakeGradebook } from '../../harness/fake-gradebook.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { launchModule } from '../../harness/practice.ts';
import { startTestServer } from '../../harness/tool-server.ts';
import { startToolServerProcess } from '../../harness/tool-server-process.ts';

let dataDir: string;
let platform: FakePlatform;
let gradebook: FakeGradebook;
let keys: Server;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-grade-crash-'));
  platform = await FakePlatform.start('moodle', 'grade-crash');
  // The tool's public keys, served from one address whichever process is up (they share the database).
  let jwks = '';
  keys = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
  gradebook = await FakeGradebook.start({
    mode: 'moodle',
    clientId: platform.clientId,
    toolKeysUrl: `http://127.0.0.1:${(keys.address() as AddressInfo).port}/`,
    users: ['learner-1'],
  });
  const first = await startTestServer({ dataDir });
  await first.registerPlatform({ ...platform.registration, tokenUrl: gradebook.tokenUrl }, [
    platform.deploymentId,
  ]);
  jwks = await (await fetch(`${first.url}/lti/keys`)).text();
  const page = await launchModule(platform, first.url, {
    userId: 'learner-1',
    course: 'course-1',
    link: 'link-1',
    module: loadStarterModules()[0]!.id,
    role: 'learner',
    lineItemsUrl: gradebook.lineItemsUrl,
  });
  await first.grades.recordSubmission(
    {
      linkKey: page.activity!.linkKey,
      contextKey: contextKeyOf(
        tenantKeyOf({
          tenant: {
            issuer: platform.issuer,
            clientId: platform.clientId,
            deploymentId: platform.deploymentId,
          },
        }),
        'course-1',
      ),
      userId: 'learner-1',
      idempotencyKey: 'round-1:submitted',
    },
    3,
  );
  await first.close();
});

afterAll(async () => {
  await gradebook?.close();
  await platform?.close();
  await new Promise((resolve) => keys?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

it('a score the LMS took from a process killed before recording it is not taken twice', async () => {
  const sender = await startToolServerProcess({ DATA_DIR: dataDir });
  // The process dies the instant the LMS has stored the score, before its answer arrives.
  gradebook.onScore = () => sender.signal('SIGKILL');
  expect(await sender.exited()).toBeNull();
  gradebook.onScore = null;
  expect(gradebook.scores).toHaveLength(1);

  // Three minutes on (the dead process's 2-minute claim over), another process sends it again.
  const next = await startTestServer({ dataDir, now: () => new Date(Date.now() + 3 * 60_000) });
  try {
    expect(await next.grades.processDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(gradebook.scores).toHaveLength(1);
    expect(await next.grades.processDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  } finally {
    await next.close();
  }
});
