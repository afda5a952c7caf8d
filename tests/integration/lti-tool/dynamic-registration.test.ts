import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../lti-tool/core/logger.ts';
import { FakePlatform, ROLES } from '../../harness/fake-platform.ts';
import { FakeRegistrationEndpoint } from '../../harness/fake-registration.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
const logs: { message: string; meta: Record<string, unknown> }[] = [];
const logger: Logger = {
  info: (message, meta = {}) => logs.push({ message, meta }),
  error: (message, meta = {}) => logs.push({ message, meta }),
};
beforeAll(async () => {
  tool = await startTestServer({ logger });
});
afterAll(async () => {
  await tool?.close();
});

async function registrationUrl(): Promise<string> {
  return tool.registrationUrl(60 * 60_000);
}

describe('dynamic registration is gated', () => {
  it('refuses a request without an issued link, and contacts no one', async () => {
    const platform = await FakePlatform.start('moodle', 'ungated');
    const endpoint = await FakeRegistrationEndpoint.start(platform);
    const response = await fetch(endpoint.startUrl(`${tool.url}/lti/register`));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('not valid');
    expect(endpoint.requests).toEqual([]);
    await endpoint.close();
    await platform.close();
  });

  it('refuses a reused link, and contacts no one the second time', async () => {
    const platform = await FakePlatform.start('moodle', 'reused');
    const endpoint = await FakeRegistrationEndpoint.start(platform);
    const pasted = await registrationUrl();
    expect((await fetch(endpoint.startUrl(pasted))).status).toBe(200);
    const before = endpoint.requests.length;
    expect((await fetch(endpoint.startUrl(pasted))).status).toBe(403);
    expect(endpoint.requests.length).toBe(before);
    await endpoint.close();
    await platform.close();
  });

  it('refuses an arbitrary openid_configuration host even with a forged rt', async () => {
    const response = await fetch(
      `${tool.url}/lti/register?rt=reg_forgedforgedforgedforged&openid_configuration=${encodeURIComponent('http://169.254.169.254/latest')}`,
    );
    expect(response.status).toBe(403);
  });
});

describe('Moodle-like dynamic registration', () => {
  it('registers the platform with the deployment it returns; launches then work', async () => {
    const platform = await FakePlatform.start('moodle', 'dr-moodle');
    const endpoint = await FakeRegistrationEndpoint.start(platform);
    const response = await fetch(endpoint.startUrl(await registrationUrl()));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(`Registered with deployment ${platform.deploymentId}`);
    expect(html).toContain('<script src="/lti/registration-close.js"></script>');
    expect(await (await fetch(`${tool.url}/lti/registration-close.js`)).text()).toContain(
      'org.imsglobal.lti.close',
    );

    const sent = endpoint.received!;
    expect(sent.initiate_login_uri).toBe(`${tool.url}/lti/login`);
    expect(sent.redirect_uris).toEqual([`${tool.url}/lti/launch`]);
    expect(sent.jwks_uri).toBe(`${tool.url}/lti/keys`);
    expect(String(sent.scope).split(' ')).toContain(
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    );
    expect(String(sent.scope)).not.toContain('result.readonly');

    expect((await platform.launch(tool.url)).status).toBe(200);
    await endpoint.close();
    await platform.close();
  });
});

describe('Canvas-like dynamic registration', () => {
  it('sends the token as a Bearer on both requests and asks for public privacy; deployment added later', async () => {
    const platform = await FakePlatform.start('canvas', 'dr-canvas');
    // A self-hosted Canvas: its issuer is its own site, where its openid-configuration is too.
    platform.issuer = platform.base;
    const endpoint = await FakeRegistrationEndpoint.start(platform);
    const response = await fetch(endpoint.startUrl(await registrationUrl()));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('deployment add');
    expect(endpoint.requests.map((r) => r.authorization)).toEqual([
      `Bearer ${endpoint.registrationToken}`,
      `Bearer ${endpoint.registrationToken}`,
    ]);
    const toolConfig = endpoint.received!['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<
      string,
      unknown
    >;
    expect(toolConfig['https://canvas.instructure.com/lti/privacy_level']).toBe('public');

    expect((await platform.launch(tool.url)).reason).toBe('unregistered-deployment');
    await tool.addDeployment(platform.issuer, platform.clientId, platform.deploymentId);
    expect((await platform.launch(tool.url)).status).toBe(200);
    await endpoint.close();
    await platform.close();
  });

  it('serves the Canvas developer-key JSON configuration', async () => {
    const config = (await (await fetch(`${tool.url}/lti/canvas.json`)).json()) as Record<string, unknown>;
    expect(config.oidc_initiation_url).toBe(`${tool.url}/lti/login`);
    expect(config.target_link_uri).toBe(`${tool.url}/lti/launch`);
    expect(config.public_jwk_url).toBe(`${tool.url}/lti/keys`);
  });
});

describe('when the platform misbehaves', () => {
  it('explains, and registers nothing', async () => {
    const platform = await FakePlatform.start('canvas', 'dr-broken');
    const endpoint = await FakeRegistrationEndpoint.start(platform);
    const url = new URL(endpoint.startUrl(await registrationUrl()));
    url.searchParams.set('registration_token', 'wrong-token');
    const response = await fetch(url);
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('Registration did not complete');
    expect((await platform.launch(tool.url)).reason).toBe('unregistered-platform');
    await endpoint.close();
    await platform.close();
  });
});

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const asAdministrator = (claims: JWTPayload): JWTPayload => ({ ...claims, [`${LTI}roles`]: [ROLES.admin] });

/** A platform registered by its administrator (npm run lti -- platform add), and a launch that works. */
async function registeredVictim(name: string) {
  const victim = await FakePlatform.start('moodle', name);
  await tool.registerPlatform(victim.registration, [victim.deploymentId]);
  expect((await victim.launch(tool.url)).status).toBe(200);
  return { victim, before: await tool.findPlatform(victim.issuer, victim.clientId) };
}

const refusals = () => logs.filter((line) => line.message === 'dynamic registration refused');

describe('dynamic registration never takes over a registration', () => {
  it("refuses an impostor answering with a victim's issuer and client id: nothing changes, the victim still launches", async () => {
    const { victim, before } = await registeredVictim('dr-victim');
    // The impostor holds a registration link and runs its own server with its own key set.
    const impostor = await FakePlatform.start('moodle', 'dr-impostor');
    const endpoint = await FakeRegistrationEndpoint.start(victim, {
      site: 'own',
      configuration: (config) => ({ ...config, jwks_uri: impostor.registration.jwksUrl }),
    });
    const response = await fetch(endpoint.startUrl(await registrationUrl()));
    const html = await response.text();
    expect(response.status).toBe(403);
    expect(html).toContain('Registration refused');
    expect(html).toContain(new URL(endpoint.base).host);
    // Refused before the registration request: the registration token was never used.
    expect(endpoint.requests.map((request) => request.method)).toEqual(['GET']);

    expect(await tool.findPlatform(victim.issuer, victim.clientId)).toEqual(before);
    expect((await victim.launch(tool.url)).status).toBe(200);
    // Signing as the victim with the impostor's key gets nowhere.
    Object.assign(impostor, {
      issuer: victim.issuer,
      clientId: victim.clientId,
      deploymentId: victim.deploymentId,
    });
    expect((await impostor.launch(tool.url, { claims: asAdministrator })).reason).toBe('unknown-key');

    expect(refusals().at(-1)?.meta).toMatchObject({ issuer: victim.issuer, reason: 'issuer-origin' });
    expect(JSON.stringify(logs)).not.toContain(endpoint.registrationToken);
    for (const thing of [endpoint, impostor, victim]) await thing.close();
  });

  it("never replaces an existing issuer and client id, even when the platform's own site answers", async () => {
    const { victim, before } = await registeredVictim('dr-victim-same-site');
    const impostor = await FakePlatform.start('moodle', 'dr-impostor-same-site');
    const endpoint = await FakeRegistrationEndpoint.start(victim, {
      configuration: (config) => ({ ...config, jwks_uri: impostor.registration.jwksUrl }),
    });
    const response = await fetch(endpoint.startUrl(await registrationUrl()));
    const html = await response.text();
    expect(response.status).toBe(409);
    expect(html).toContain('This platform is already registered');
    expect(html).toContain('platform add');

    expect(await tool.findPlatform(victim.issuer, victim.clientId)).toEqual(before);
    expect((await victim.launch(tool.url)).status).toBe(200);
    expect(refusals().at(-1)?.meta).toMatchObject({
      issuer: victim.issuer,
      clientId: victim.clientId,
      reason: 'already-registered',
    });
    expect(JSON.stringify(logs)).not.toContain(endpoint.registrationToken);
    for (const thing of [endpoint, impostor, victim]) await thing.close();
  });

  it('registers a platform once when two registrations for it race', async () => {
    const platform = await FakePlatform.start('moodle', 'dr-race');
    const first = await FakeRegistrationEndpoint.start(platform, { pathPrefix: '/one' });
    const second = await FakeRegistrationEndpoint.start(platform, { pathPrefix: '/two' });
    const [a, b] = [await registrationUrl(), await registrationUrl()];
    const statuses = await Promise.all([fetch(first.startUrl(a)), fetch(second.startUrl(b))]).then(
      (responses) => responses.map((response) => response.status),
    );
    expect(statuses.sort()).toEqual([200, 409]);
    expect(await tool.findPlatform(platform.issuer, platform.clientId)).not.toBeNull();
    expect((await platform.launch(tool.url)).status).toBe(200);
    for (const thing of [first, second, platform]) await thing.close();
  });

  it("refuses a configuration whose issuer is not on the configuration's site, and stores nothing", async () => {
    const platform = await FakePlatform.start('moodle', 'dr-elsewhere');
    const endpoint = await FakeRegistrationEndpoint.start(platform, { site: 'own' });
    const response = await fetch(endpoint.startUrl(await registrationUrl()));
    const html = await response.text();
    expect(response.status).toBe(403);
    expect(html).toContain('Registration refused');
    expect(html).toContain('same site');
    expect(endpoint.requests.map((request) => request.method)).toEqual(['GET']);
    expect(await tool.findPlatform(platform.issuer, platform.clientId)).toBeNull();
    expect((await platform.launch(tool.url)).reason).toBe('unregistered-platform');
    for (const thing of [endpoint, platform]) await thing.close();
  });
});
