import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { FakeRegistrationEndpoint } from '../../harness/fake-registration.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
beforeAll(async () => {
  tool = await startTestServer();
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
