import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { launchAs } from '../../harness/lti-launch.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
beforeAll(async () => {
  tool = await startTestServer();
});
afterAll(async () => {
  await tool?.close();
});

describe('LTI 1.3 launch through the demo LMS', () => {
  it('answers /healthz', async () => {
    const response = await fetch(`${tool.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('opens the coach page for an Instructor, with a session token in the page, not the URL', async () => {
    const launch = await launchAs(tool.url, 'demo-coach-rivera');
    expect(launch.status).toBe(200);
    expect(launch.bootstrap?.page).toBe('coach');
    expect(launch.bootstrap?.user.name).toBe('Dana Rivera');
    expect(launch.bootstrap?.sessionToken).toMatch(/^ses_/);
    expect(launch.html).toContain('/assets/coach-test.js');
    expect(launch.headers.get('cache-control')).toBe('no-store');
    expect(launch.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
  });

  it('opens the teacher page for a Learner', async () => {
    const launch = await launchAs(tool.url, 'demo-teacher-okafor');
    expect(launch.status).toBe(200);
    expect(launch.bootstrap?.page).toBe('teacher');
  });

  async function sessionCount(): Promise<number> {
    const sqlite = await openSequelize(tool.config);
    const [rows] = await sqlite.query('SELECT COUNT(*) AS n FROM coaching_sessions');
    await sqlite.close();
    return Number((rows as { n: number }[])[0]?.n);
  }

  it('refuses an id_token signed with another key, with a readable page and no session', async () => {
    const before = await sessionCount();
    const { privateKey } = await generateKeyPair('RS256');
    const launch = await launchAs(tool.url, 'demo-teacher-okafor', {
      tamper: async (idToken) =>
        new SignJWT(decodeJwt(idToken))
          .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(idToken).kid ?? 'none' })
          .sign(privateKey),
    });
    expect(launch.status).toBe(401);
    expect(launch.bootstrap).toBeNull();
    expect(launch.html).toContain('This launch could not be verified');
    expect(launch.html).not.toMatch(/at .*\.js:\d+/);
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a launch with no id_token or state', async () => {
    const response = await fetch(`${tool.url}/lti/launch`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This launch request was incomplete');
  });

  it('publishes the tool JWKS', async () => {
    const body = (await (await fetch(`${tool.url}/lti/keys`)).json()) as { keys: { kty: string }[] };
    expect(body.keys.length).toBeGreaterThan(0);
    expect(body.keys[0]?.kty).toBe('RSA');
  });

  it('refuses a login from an unregistered platform with a readable page', async () => {
    const url = new URL(`${tool.url}/lti/login`);
    url.search = new URLSearchParams({
      iss: 'https://unknown-lms.example',
      login_hint: 'someone',
      target_link_uri: `${tool.url}/lti/launch`,
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('not registered');
  });
});
