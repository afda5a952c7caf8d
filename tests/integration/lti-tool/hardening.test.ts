/** Smaller findings of the security probe: malformed paths, CORS scope, file modes, media quota, demo gating. */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startupWarnings } from '../../../lti-tool/core/config.ts';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { testId } from '../../harness/builders.ts';
import { launchInCourse } from '../../harness/courses.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { putMedia, webmBytes } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
let school: FakePlatform;

beforeAll(async () => {
  tool = await startTestServer({ env: { MEDIA_QUOTA_MB: '1' } });
  school = await FakePlatform.start('moodle', 'hardening');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
});

describe('malformed addresses', () => {
  it.each([
    `${PRACTICE_API.media}/%C0%AE%C0%AE%2F%C0%AE%C0%AE%2Fsecret.key`,
    '/api/trainees/%E0%A4%A/history',
  ])('%s is a 400 with a plain message, never a 500 or a stack', async (address) => {
    const response = await fetch(`${tool.url}${address}`, { headers: { authorization: 'Bearer ses_x' } });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text).error.code).toBe('invalid-input');
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('CORS', () => {
  const preflight = (address: string) =>
    fetch(`${tool.url}${address}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abcdefghijklmnop',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it.each([
    API.pair,
    API.syncPull,
    API.syncPush,
    API.currentDevice,
    API.extensionFeedback,
    PRACTICE_API.checkIns,
  ])('is open on %s, which the extension calls', async (address) => {
    const response = await preflight(address);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([
    API.roster,
    PRACTICE_API.modules,
    API.sessionRefresh,
    '/lti/launch',
    '/lti/login',
    '/demo',
    '/healthz',
    '/',
  ])('is closed on %s', async (address) => {
    const response = await preflight(address);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${tool.url}${address}`, { headers: { origin: 'https://elsewhere.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('framing', () => {
  const ancestorsOf = (response: { headers: Headers }) =>
    /frame-ancestors ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];

  it('lets a launched page be framed by its own platform only', async () => {
    const launch = await school.launch(tool.url, { userId: 'learner-frame' });
    expect(launch.status).toBe(200);
    // The platform's issuer, login, token and key set are all on its one origin here.
    expect(ancestorsOf(launch)).toBe(`'self' ${new URL(school.base).origin}`);
    const refused = await fetch(`${tool.url}/lti/launch`, { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(ancestorsOf(refused)).toBe('*'); // a refusal page: no data, no action
  });

  it.each(['/', '/healthz', '/lti/keys', PRACTICE_API.modules])(
    'lets nobody else frame %s',
    async (address) => {
      const response = await fetch(`${tool.url}${address}`);
      const ancestors = ancestorsOf(response) ?? '';
      expect(ancestors).not.toContain('*');
      // The demo LMS runs on this machine in tests, so its origin may frame the tool too.
      expect(
        ancestors.split(' ').filter((source) => source !== "'self'" && source !== tool.config.demoLmsUrl),
      ).toEqual([]);
    },
  );
});

describe('files in DATA_DIR', () => {
  it('keeps the database, like the secret, readable by the tool user only', () => {
    for (const file of ['coaching.sqlite', 'coaching.sqlite-wal', 'secret.key']) {
      const full = path.join(tool.dataDir, file);
      if (file.endsWith('-wal') && !existsSync(full)) continue;
      expect((statSync(full).mode & 0o777).toString(8), file).toBe('600');
    }
  });

  it('creates DATA_DIR for the tool user only', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'coaching-mode-')), 'data');
    loadConfig({ DATA_DIR: dataDir });
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  });
});

describe('media quota (MEDIA_QUOTA_MB=1 here)', () => {
  it('refuses an upload past a person’s quota, stores nothing of it, and leaves others their own', async () => {
    const sam = await launchInCourse(tool.url, school, 'quota-course', 'learner-sam');
    const kim = await launchInCourse(tool.url, school, 'quota-course', 'learner-kim');
    const first = await putMedia(tool.url, sam, testId(), webmBytes(600 * 1024), 'audio/webm');
    expect(first.status).toBe(201);
    const refusedId = testId();
    const second = await putMedia(tool.url, sam, refusedId, webmBytes(600 * 1024), 'audio/webm');
    expect(second.status).toBe(413);
    expect(second.body.error?.message).toMatch(/used all 1 MB/);
    expect((await api(tool.url, PRACTICE_API.mediaItem(refusedId), { token: sam })).status).toBe(404);
    expect((await putMedia(tool.url, kim, testId(), webmBytes(600 * 1024), 'audio/webm')).status).toBe(201);
  });

  it('lets two uploads at once never squeeze past it together', async () => {
    const lee = await launchInCourse(tool.url, school, 'quota-course', 'learner-lee');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => putMedia(tool.url, lee, testId(), webmBytes(400 * 1024), 'audio/webm')),
    );
    expect(results.map((result) => result.status).sort()).toEqual([201, 201, 413, 413]);
  });
});

describe('the demo LMS', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'coaching-demo-'));

  it('is served only on this machine, or with DEMO=1, and never in production', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).demo).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'http://127.0.0.1:3000' }).demo).toBe(true);
    // The finding: NODE_ENV forgotten on a real server left an anonymous provider admin open.
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://coach.example.org' }).demo).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'http://localhost:3000', DEMO: '0' }).demo).toBe(
      false,
    );
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://coach.example.org', DEMO: '1' }).demo).toBe(
      true,
    );
    expect(() =>
      loadConfig({
        DATA_DIR: dataDir(),
        PUBLIC_URL: 'https://coach.example.org',
        NODE_ENV: 'production',
        DEMO: '1',
      }),
    ).toThrow(/DEMO=1 cannot be used in production/);
  });

  it('is warned about at start when it, or a missing NODE_ENV, is exposed', () => {
    const exposed = loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://coach.example.org', DEMO: '1' });
    expect(startupWarnings(exposed).join('\n')).toMatch(
      /DEMO=1: the demo LMS at https:\/\/coach\.example\.org\/demo/,
    );
    const forgotten = loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://coach.example.org' });
    expect(startupWarnings(forgotten).join('\n')).toMatch(/NODE_ENV is not "production"/);
    expect(startupWarnings(loadConfig({ DATA_DIR: dataDir() }))).toEqual([]);
  });
});
