import { SignJWT } from 'jose';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import {
  STORAGE_VALUE_FIELD,
  StorageStepSchema,
  type StorageStep,
} from '../../../lti-tool/lti/platform-storage/platform-storage-protocol.ts';
import type { Bootstrap } from '../../../lti-tool/web/bootstrap.ts';
import { bootstrapIn } from '../../harness/lti-launch.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
/** Canvas's name for the frame that keeps tool data. */
const TARGET = 'post_message_forwarding';

let tool: TestServer;
let canvas: FakePlatform;

beforeAll(async () => {
  tool = await startTestServer();
  canvas = await FakePlatform.start('canvas');
  await tool.registerPlatform(canvas.registration, [canvas.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await canvas?.close();
});

interface Page {
  status: number;
  headers: Headers;
  html: string;
  step: StorageStep | null;
  reason: string | null;
  bootstrap: Bootstrap | null;
}

async function pageOf(response: Response): Promise<Page> {
  const html = await response.text();
  const stepJson = /<script type="application\/json" id="lti-platform-storage">([^<]*)<\/script>/.exec(
    html,
  )?.[1];
  return {
    status: response.status,
    headers: response.headers,
    html,
    step: stepJson ? v.parse(StorageStepSchema, JSON.parse(stepJson)) : null,
    reason: /Reference: <code>([a-z-]+)<\/code>/.exec(html)?.[1] ?? null,
    bootstrap: bootstrapIn(html),
  };
}

function loginUrl(options: { storageTarget?: string; userId?: string } = {}): URL {
  const url = new URL(`${tool.url}/lti/login`);
  url.search = new URLSearchParams({
    iss: canvas.issuer,
    login_hint: options.userId ?? 'instructor-1',
    target_link_uri: `${tool.url}/lti/launch`,
    lti_message_hint: 'hint',
    client_id: canvas.clientId,
    lti_deployment_id: canvas.deploymentId,
    ...(options.storageTarget ? { lti_storage_target: options.storageTarget } : {}),
  }).toString();
  return url;
}

/** The platform's part: a signed id_token for the nonce our login sent to its auth URL. */
async function idTokenFor(authUrl: string, userId = 'instructor-1'): Promise<string> {
  const nonce = new URL(authUrl).searchParams.get('nonce')!;
  const claims = { ...canvas.claimsFor(userId, nonce), [`${LTI}target_link_uri`]: `${tool.url}/lti/launch` };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: canvas.currentKey.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(canvas.currentKey.privateKey);
}

interface StorageLogin {
  page: Page;
  put: Extract<StorageStep, { action: 'put' }>;
  state: string;
  idToken: string;
}

/** Login with lti_storage_target, as Canvas sends it, and the id_token the platform would post back. */
async function storageLogin(userId?: string): Promise<StorageLogin> {
  const page = await pageOf(await fetch(loginUrl({ storageTarget: TARGET, userId }), { redirect: 'manual' }));
  if (page.step?.action !== 'put') throw new Error(`expected the storage page, got ${page.status}`);
  const state = new URL(page.step.next).searchParams.get('state')!;
  return { page, put: page.step, state, idToken: await idTokenFor(page.step.next, userId) };
}

const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${tool.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });

/** What our own launch page's form post looks like to the server. */
const SAME_ORIGIN = () => ({ origin: tool.url, 'sec-fetch-site': 'same-origin' });

async function complete(
  login: StorageLogin,
  value: string | null = login.put.value,
  headers: Record<string, string> = SAME_ORIGIN(),
): Promise<Page> {
  const fields: Record<string, string> = { id_token: login.idToken, state: login.state };
  if (value !== null) fields[STORAGE_VALUE_FIELD] = value;
  return pageOf(await postForm('/lti/launch/complete', fields, headers));
}

async function counts(): Promise<{ sessions: number; nonces: number }> {
  const sqlite = await openSequelize(tool.config);
  const count = async (table: string) => {
    const [rows] = await sqlite.query(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number((rows as { n: number }[])[0]?.n);
  };
  const result = { sessions: await count('coaching_sessions'), nonces: await count('lti_used_nonces') };
  await sqlite.close();
  return result;
}

describe('login with lti_storage_target (Canvas)', () => {
  it('answers the storage page instead of a redirect, and sets no cookie', async () => {
    const { page, put, state } = await storageLogin();
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    // Scripts only by src or as inert JSON: nothing inline for the CSP to refuse.
    const scripts = [...page.html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts).toHaveLength(2);
    for (const [, attributes = '', body] of scripts) {
      expect(attributes.includes('src=') || attributes.includes('type="application/json"')).toBe(true);
      if (attributes.includes('src=')) expect(body).toBe('');
    }
    expect(page.html).toMatch(/<html lang="en">/);
    expect(page.html).toMatch(/<main>[\s\S]*<h1>Opening the tool…<\/h1>/);

    expect(put.target).toBe(TARGET);
    expect(put.origin).toBe(new URL(canvas.registration.authUrl).origin);
    expect(put.key).toBe(`lti_state_${state}`);
    const auth = new URL(put.next);
    expect(auth.origin + auth.pathname).toBe(canvas.registration.authUrl);
    expect(auth.searchParams.get('redirect_uri')).toBe(`${tool.url}/lti/launch`);
    expect(put.next).not.toContain(put.value);
    expect(put.value).not.toBe(state);
  });

  it('offers a relaunch (new window, or a top-level tab) that logs in with the cookie instead', async () => {
    const { page } = await storageLogin();
    const href = /<a href="([^"]+)" target="_blank" rel="noopener">Open in a new window<\/a>/.exec(
      page.html,
    )?.[1];
    expect(href).toBeDefined();
    expect(href!.replace(/&amp;/g, '&')).toBe((await storageLogin()).put.withCookie);
    const relaunch = new URL(href!.replace(/&amp;/g, '&'), tool.url);
    expect(relaunch.searchParams.has('lti_storage_target')).toBe(false);
    expect(relaunch.searchParams.get('login_hint')).toBe('instructor-1');
    const response = await fetch(relaunch, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toMatch(/^lti_state_/);
  });

  it('serves the page script from our origin', async () => {
    const response = await fetch(`${tool.url}/lti/platform-storage.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toContain('lti.put_data');
  });
});

describe('launch after a platform-storage login', () => {
  it('answers a page that reads the value back, and uses nothing up', async () => {
    const login = await storageLogin();
    const before = await counts();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const page = await pageOf(
        await postForm('/lti/launch', { id_token: login.idToken, state: login.state }),
      );
      expect(page.status).toBe(200);
      expect(page.bootstrap).toBeNull();
      expect(page.step).toEqual({
        action: 'get',
        target: TARGET,
        origin: login.put.origin,
        key: login.put.key,
      });
      expect(page.html).toContain('action="/lti/launch/complete"');
      expect(page.html).toContain(`name="state" value="${login.state}"`);
    }
    expect(await counts()).toEqual(before);
    const done = await complete(login);
    expect(done.status).toBe(200);
    expect(done.bootstrap?.page).toBe('coach');
  });

  it('does not take a cookie instead of the platform-stored value', async () => {
    const login = await storageLogin();
    const page = await pageOf(
      await postForm(
        '/lti/launch',
        { id_token: login.idToken, state: login.state },
        { cookie: `lti_state_${login.state}=1` },
      ),
    );
    expect(page.step?.action).toBe('get');
    expect(page.bootstrap).toBeNull();
  });

  it('opens the teacher page for a Learner once the value is shown', async () => {
    const done = await complete(await storageLogin('learner-1'));
    expect(done.bootstrap?.page).toBe('teacher');
  });
});

describe('/lti/launch/complete refuses, and stores nothing', () => {
  const refusals: [string, (login: StorageLogin, other: StorageLogin) => Promise<Page>, string][] = [
    ['no value', (login) => complete(login, null), 'bad-request'],
    ['a made-up value', (login) => complete(login, 'A'.repeat(43)), 'state-mismatch'],
    ["another login's value", (login, other) => complete(login, other.put.value), 'state-mismatch'],
    [
      'a cross-site form post',
      (login) =>
        complete(login, login.put.value, {
          origin: 'https://attacker.example',
          'sec-fetch-site': 'cross-site',
        }),
      'state-mismatch',
    ],
    [
      'a same-site but cross-origin post',
      (login) =>
        complete(login, login.put.value, { origin: 'http://lms.localhost', 'sec-fetch-site': 'same-site' }),
      'state-mismatch',
    ],
    ['a post without Origin', (login) => complete(login, login.put.value, {}), 'state-mismatch'],
    [
      'a state our login never issued',
      (login) => complete({ ...login, state: 'x'.repeat(32) }, login.put.value),
      'state-mismatch',
    ],
  ];

  it.each(refusals)('%s', async (_name, attempt, reason) => {
    const login = await storageLogin();
    const other = await storageLogin();
    const before = await counts();
    const page = await attempt(login, other);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.status).toBeLessThan(500);
    expect(page.reason).toBe(reason);
    expect(page.bootstrap).toBeNull();
    expect(page.html).not.toContain(login.idToken);
    expect(await counts()).toEqual(before);
  });

  it('a refused cross-site post does not use up the state: our own page still completes', async () => {
    const login = await storageLogin();
    const refused = await complete(login, login.put.value, {
      origin: 'https://attacker.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(refused.reason).toBe('state-mismatch');
    expect((await complete(login)).bootstrap?.page).toBe('coach');
  });

  it('a wrong value uses up the state, so guessing gets one try', async () => {
    const login = await storageLogin();
    expect((await complete(login, 'B'.repeat(43))).reason).toBe('state-mismatch');
    expect((await complete(login)).reason).toBe('state-mismatch');
  });

  it('refuses a state used twice', async () => {
    const login = await storageLogin();
    expect((await complete(login)).status).toBe(200);
    const before = await counts();
    const again = await complete(login);
    expect(again.reason).toBe('state-mismatch');
    expect(await counts()).toEqual(before);
  });

  it('refuses to complete a cookie login through platform storage', async () => {
    const response = await fetch(loginUrl(), { redirect: 'manual' });
    expect(response.status).toBe(302);
    const auth = response.headers.get('location')!;
    const state = new URL(auth).searchParams.get('state')!;
    const before = await counts();
    const page = await pageOf(
      await postForm(
        '/lti/launch/complete',
        { id_token: await idTokenFor(auth), state, [STORAGE_VALUE_FIELD]: 'C'.repeat(43) },
        SAME_ORIGIN(),
      ),
    );
    expect(page.reason).toBe('state-mismatch');
    expect(await counts()).toEqual(before);
  });

  it('still verifies the id_token: a forged signature is refused', async () => {
    const login = await storageLogin();
    const forged = await canvas.otherKey();
    const [header, payload] = login.idToken.split('.');
    const resigned = await new SignJWT(JSON.parse(Buffer.from(payload!, 'base64url').toString()))
      .setProtectedHeader(JSON.parse(Buffer.from(header!, 'base64url').toString()))
      .sign(forged.privateKey);
    const before = await counts();
    const page = await complete({ ...login, idToken: resigned });
    expect(page.reason).toBe('bad-signature');
    expect(await counts()).toEqual(before);
  });
});
