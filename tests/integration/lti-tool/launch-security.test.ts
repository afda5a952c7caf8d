import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlatform, ROLES, type LaunchOptions } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const now = () => Math.floor(Date.now() / 1000);
const without =
  (...keys: string[]) =>
  (claims: JWTPayload): JWTPayload => {
    const copy = { ...claims };
    for (const key of keys) copy[key] = undefined;
    return copy;
  };

let tool: TestServer;
let moodle: FakePlatform;
let canvas: FakePlatform;

beforeAll(async () => {
  tool = await startTestServer();
  moodle = await FakePlatform.start('moodle');
  canvas = await FakePlatform.start('canvas');
  await tool.registerPlatform(moodle.registration, [moodle.deploymentId]);
  await tool.registerPlatform(canvas.registration, [canvas.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await moodle?.close();
  await canvas?.close();
});

describe.each(['moodle', 'canvas'] as const)('%s-like platform: a normal launch', (mode) => {
  const platform = () => (mode === 'moodle' ? moodle : canvas);

  it('opens the coach page for an Instructor and the teacher page for a Learner', async () => {
    const coach = await platform().launch(tool.url, { userId: 'instructor-1' });
    expect(coach.status).toBe(200);
    expect(coach.bootstrap?.page).toBe('coach');
    const teacher = await platform().launch(tool.url, { userId: 'learner-1' });
    expect(teacher.bootstrap?.page).toBe('teacher');
  });
});

describe('1EdTech "known bad" launches are refused with a readable page', () => {
  const cases: [string, LaunchOptions, string][] = [
    ['no kid', { header: (h) => ({ alg: h.alg, typ: h.typ }) }, 'unknown-key'],
    ['wrong kid', { header: (h) => ({ ...h, kid: 'not-a-key-of-this-platform' }) }, 'unknown-key'],
    ['wrong LTI version', { claims: (c) => ({ ...c, [`${LTI}version`]: '1.2.0' }) }, 'bad-claims'],
    ['no LTI version', { claims: without(`${LTI}version`) }, 'bad-claims'],
    ['not a JWT', { rawToken: () => 'this-is-not-a-jwt' }, 'not-a-jwt'],
    ['no iat', { claims: without('iat') }, 'bad-time'],
    ['no exp', { claims: without('exp') }, 'bad-time'],
    ['expired', { claims: (c) => ({ ...c, iat: now() - 600, exp: now() - 300 }) }, 'bad-time'],
    [
      'iat in the future beyond skew',
      { claims: (c) => ({ ...c, iat: now() + 600, exp: now() + 900 }) },
      'bad-time',
    ],
    ['no message_type', { claims: without(`${LTI}message_type`) }, 'bad-claims'],
    ['no roles claim', { claims: without(`${LTI}roles`) }, 'bad-claims'],
    ['no deployment_id', { claims: without(`${LTI}deployment_id`) }, 'bad-claims'],
    [
      'no resource_link id',
      { claims: (c) => ({ ...c, [`${LTI}resource_link`]: { title: 'x' } }) },
      'bad-claims',
    ],
    ['no sub', { claims: without('sub') }, 'bad-claims'],
    ['no target_link_uri', { claims: without(`${LTI}target_link_uri`) }, 'bad-claims'],
  ];

  it.each(cases)('%s', async (_name, options, reason) => {
    const outcome = await moodle.launch(tool.url, options);
    expect(outcome.status).toBeGreaterThanOrEqual(400);
    expect(outcome.status).toBeLessThan(500);
    expect(outcome.bootstrap).toBeNull();
    expect(outcome.reason).toBe(reason);
    expect(outcome.html).toMatch(/<h1>/);
  });
});

describe('launch security beyond ltijs', () => {
  it('tolerates 60 s of clock skew', async () => {
    const ahead = await moodle.launch(tool.url, {
      claims: (c) => ({ ...c, iat: now() + 60, exp: now() + 360 }),
    });
    expect(ahead.status).toBe(200);
  });

  it('refuses a multi-audience token without azp', async () => {
    const outcome = await moodle.launch(tool.url, {
      claims: (c) => ({ ...c, aud: [moodle.clientId, 'other-tool'], azp: undefined }),
    });
    expect(outcome.reason).toBe('bad-audience');
  });

  it('accepts a multi-audience token whose azp is our client id', async () => {
    const outcome = await moodle.launch(tool.url, {
      claims: (c) => ({ ...c, aud: [moodle.clientId, 'other-tool'], azp: moodle.clientId }),
    });
    expect(outcome.status).toBe(200);
  });

  it('refuses azp that is not our client id', async () => {
    const outcome = await moodle.launch(tool.url, {
      claims: (c) => ({ ...c, aud: [moodle.clientId, 'other-tool'], azp: 'other-tool' }),
    });
    expect(outcome.reason).toMatch(/bad-audience|unregistered-platform/);
    expect(outcome.bootstrap).toBeNull();
  });

  it('refuses a nonce our login did not issue', async () => {
    const outcome = await moodle.launch(tool.url, {
      claims: (c) => ({ ...c, nonce: 'made-up-nonce-value' }),
    });
    expect(outcome.reason).toBe('nonce-mismatch');
  });

  it('refuses a replayed id_token, even with a fresh login', async () => {
    let captured = '';
    const first = await moodle.launch(tool.url, { rawToken: (signed) => (captured = signed) });
    expect(first.status).toBe(200);
    const replay = await moodle.launch(tool.url, { rawToken: () => captured });
    expect(replay.reason).toBe('nonce-mismatch');
  });

  it('refuses alg none and HS256', async () => {
    const none = await moodle.launch(tool.url, {
      rawToken: (_signed, { claims }) => {
        const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iat: now(), exp: now() + 300 })}.`;
      },
    });
    expect(none.reason).toBe('bad-algorithm');
    const hs256 = await moodle.launch(tool.url, {
      rawToken: (_signed, { claims }) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', kid: moodle.currentKey.kid })
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-shared-secret-an-attacker-knows')),
    });
    expect(hs256.reason).toBe('bad-algorithm');
  });

  it("refuses a token signed by another key with the platform's kid", async () => {
    const forged = await moodle.otherKey();
    const outcome = await moodle.launch(tool.url, { signWith: { ...forged, kid: moodle.currentKey.kid } });
    expect(outcome.reason).toBe('bad-signature');
  });

  it('refuses a wrong issuer or audience', async () => {
    const wrongIss = await moodle.launch(tool.url, {
      claims: (c) => ({ ...c, iss: 'https://evil.example' }),
    });
    expect(wrongIss.reason).toBe('unregistered-platform');
    const wrongAud = await moodle.launch(tool.url, { claims: (c) => ({ ...c, aud: 'someone-else' }) });
    expect(wrongAud.reason).toBe('unregistered-platform');
  });

  it('refuses a state mismatch', async () => {
    const outcome = await moodle.launch(tool.url, { state: () => 'x'.repeat(32) });
    expect(outcome.reason).toBe('state-mismatch');
  });

  it('refuses an unregistered deployment at login and at launch, never auto-accepting it', async () => {
    const atLogin = await moodle.launch(tool.url, { deploymentId: 'deployment-nobody-registered' });
    expect(atLogin.reason).toBe('unregistered-deployment');
    const atLaunch = await moodle.launch(tool.url, {
      claims: (c) => ({ ...c, [`${LTI}deployment_id`]: 'deployment-nobody-registered' }),
    });
    expect(atLaunch.reason).toBe('unregistered-deployment');
  });

  it('offers a relaunch in a new window when the browser refused the state cookie', async () => {
    const outcome = await moodle.launch(tool.url, { blockCookies: true });
    expect(outcome.reason).toBe('state-cookie-missing');
    expect(outcome.html).toMatch(/<a href="\/lti\/login\?[^"]+" target="_blank"/);
  });
});

describe('target_link_uri: the claim must be what the login named (LTI 1.3 core, target link URI)', () => {
  const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
  const targetLink = (value: unknown) => (claims: JWTPayload) => ({
    ...claims,
    [`${LTI}target_link_uri`]: value,
  });
  const deepLinking = (claims: JWTPayload): JWTPayload => ({
    ...claims,
    [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
    [`${LTI}resource_link`]: undefined,
    [`${DL}deep_linking_settings`]: {
      deep_link_return_url: `${moodle.base}/mod/lti/contentitem_return.php?course=2`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
    },
  });

  it.each([
    ['another path of this tool', () => `${tool.url}/lti/launch?activity=other`],
    ['another site', () => 'https://evil.example/lti/launch'],
    ['not a URL', () => 'lti/launch'],
    ['empty', () => ''],
    ['not a string', () => 42],
  ])('refuses a resource link launch whose target_link_uri is %s', async (_name, value) => {
    const outcome = await moodle.launch(tool.url, { claims: targetLink(value()) });
    expect(outcome.status).toBe(400);
    expect(outcome.bootstrap).toBeNull();
    expect(outcome.reason).toBe('bad-claims');
  });

  it('lets a deep-linking request leave target_link_uri out, but not name another', async () => {
    const without = await moodle.launch(tool.url, {
      claims: (c) => ({ ...deepLinking(c), [`${LTI}target_link_uri`]: undefined }),
    });
    expect(without.status).toBe(200);
    expect(without.html).toMatch(/name="request" value="/);
    const elsewhere = await moodle.launch(tool.url, {
      claims: (c) => targetLink('https://evil.example/lti/launch')(deepLinking(c)),
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.reason).toBe('bad-claims');
  });
});

describe('platform keys', () => {
  it('are fetched once and cached across launches', async () => {
    const platform = await FakePlatform.start('moodle', 'cache-check');
    await tool.registerPlatform(platform.registration, [platform.deploymentId]);
    for (let i = 0; i < 5; i += 1) expect((await platform.launch(tool.url)).status).toBe(200);
    expect(platform.jwksFetches).toBe(1);
    await platform.close();
  });

  it('keep working through a key-endpoint outage', async () => {
    const platform = await FakePlatform.start('moodle', 'outage');
    await tool.registerPlatform(platform.registration, [platform.deploymentId]);
    expect((await platform.launch(tool.url)).status).toBe(200);
    platform.jwksDown = true;
    expect((await platform.launch(tool.url)).status).toBe(200);
    await platform.close();
  });

  it('follow a platform key rotation', async () => {
    const platform = await FakePlatform.start('canvas', 'rotation');
    await tool.registerPlatform(platform.registration, [platform.deploymentId]);
    expect((await platform.launch(tool.url)).status).toBe(200);
    await platform.rotateKey({ dropOld: true });
    expect((await platform.launch(tool.url)).status).toBe(200);
    expect(platform.jwksFetches).toBe(2);
    await platform.close();
  });
});

describe('1EdTech valid launch variants are accepted with a sensible page', () => {
  type Variant = [string, (c: JWTPayload) => JWTPayload];
  const roleOf = (c: JWTPayload) => (c[`${LTI}roles`] as string[])[0]!;
  const variants: Variant[] = [
    ['plain', (c) => c],
    ['multiple roles', (c) => ({ ...c, [`${LTI}roles`]: [roleOf(c), ROLES.mentor, ROLES.admin] })],
    ['short role', (c) => ({ ...c, [`${LTI}roles`]: [roleOf(c).split('#')[1]] })],
    [
      'unknown role',
      (c) => ({
        ...c,
        [`${LTI}roles`]: [roleOf(c), 'http://purl.imsglobal.org/vocab/lis/v2/unknown/unknown#Unknown'],
      }),
    ],
    ['no role', (c) => ({ ...c, [`${LTI}roles`]: [] })],
    ['email only', (c) => ({ ...c, name: undefined, given_name: undefined, family_name: undefined })],
    ['names only', (c) => ({ ...c, email: undefined })],
    [
      'no personal data',
      (c) => ({ ...c, name: undefined, given_name: undefined, family_name: undefined, email: undefined }),
    ],
    ['no context', (c) => ({ ...c, [`${LTI}context`]: undefined })],
    ['new resource link', (c) => ({ ...c, [`${LTI}resource_link`]: { id: `link-${Math.random()}` } })],
  ];

  it.each(
    variants.flatMap(([name, edit]) => [
      [`Instructor: ${name}`, 'instructor-v', edit] as const,
      [`Learner: ${name}`, 'learner-v', edit] as const,
    ]),
  )('%s', async (name, userId, edit) => {
    const outcome = await canvas.launch(tool.url, { userId, claims: edit });
    expect(outcome.status).toBe(200);
    if (name.endsWith('no role')) {
      expect(outcome.bootstrap).toBeNull();
      expect(outcome.html).toContain('No coaching role');
      return;
    }
    // Canvas's multi-role variant adds the institution Administrator role: the provider's page.
    const expected = name.endsWith('multiple roles')
      ? 'provider'
      : userId.startsWith('learner')
        ? 'teacher'
        : 'coach';
    expect(outcome.bootstrap?.page).toBe(expected);
    if (name.endsWith('no personal data') || name.endsWith('email only'))
      expect(outcome.bootstrap?.user.name).toBeNull();
  });
});

describe('tenancy is (issuer, client_id, deployment_id)', () => {
  it('keeps two schools on the shared Canvas issuer apart', async () => {
    const otherSchool = await FakePlatform.start('canvas', 'other-school');
    await tool.registerPlatform(otherSchool.registration, [otherSchool.deploymentId]);
    const a = await canvas.launch(tool.url, { userId: 'instructor-same-sub' });
    const b = await otherSchool.launch(tool.url, { userId: 'instructor-same-sub' });
    expect(a.bootstrap?.storageKey).toBeTruthy();
    expect(b.bootstrap?.storageKey).toBeTruthy();
    expect(a.bootstrap?.storageKey).not.toBe(b.bootstrap?.storageKey);
    await otherSchool.close();
  });
});
