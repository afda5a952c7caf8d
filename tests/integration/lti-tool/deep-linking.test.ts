import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
let tool: TestServer;
let moodle: FakePlatform;

beforeAll(async () => {
  tool = await startTestServer();
  moodle = await FakePlatform.start('moodle', 'dl-moodle');
  await tool.registerPlatform(moodle.registration, [moodle.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await moodle?.close();
});

const deepLinkingLaunch =
  (settings: Record<string, unknown> = {}) =>
  (claims: JWTPayload) => ({
    ...claims,
    [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
    [`${LTI}resource_link`]: undefined,
    [`${DL}deep_linking_settings`]: {
      deep_link_return_url: `${moodle.base}/mod/lti/contentitem_return.php?course=2`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      data: 'opaque-moodle-data-42',
      ...settings,
    },
  });

async function pick(html: string, fields: Record<string, string>) {
  const token = /name="request" value="([^"]+)"/.exec(html)?.[1];
  expect(token).toBeTruthy();
  const response = await fetch(`${tool.url}/lti/deep-linking/respond`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: token!, ...fields }),
  });
  return { response, html: await response.text(), token: token! };
}

async function verifiedResponse(html: string) {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const jwt = /name="JWT" value="([^"]+)"/.exec(html)?.[1];
  const keys = createLocalJWKSet(await (await fetch(`${tool.url}/lti/keys`)).json());
  const { payload, protectedHeader } = await jwtVerify(jwt!, keys, {
    issuer: moodle.clientId,
    audience: moodle.issuer,
    algorithms: ['RS256'],
  });
  return { action, payload, protectedHeader };
}

describe('Deep Linking 2.0', () => {
  it('lets an instructor pick the action-step activity and returns a signed ltiResourceLink', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
    expect(launch.status).toBe(200);
    expect(launch.html).toContain('<h1>Add a coaching activity</h1>');
    expect(launch.html).toContain('type="checkbox"');
    const { response, html } = await pick(launch.html, { activity: 'action-step', action: 'add' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(`form-action 'self' ${moodle.base}`);
    const { action, payload, protectedHeader } = await verifiedResponse(html);
    expect(action).toBe(`${moodle.base}/mod/lti/contentitem_return.php?course=2`);
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload[`${LTI}message_type`]).toBe('LtiDeepLinkingResponse');
    expect(payload[`${LTI}version`]).toBe('1.3.0');
    expect(payload[`${LTI}deployment_id`]).toBe(moodle.deploymentId);
    expect(payload[`${DL}data`]).toBe('opaque-moodle-data-42');
    expect(payload.nonce).toBeTruthy();
    expect(payload[`${DL}content_items`]).toEqual([
      expect.objectContaining({
        type: 'ltiResourceLink',
        url: `${tool.url}/lti/launch`,
        custom: { activity: 'action-step' },
      }),
    ]);
  });

  it('answers a cancel with an error message under the exact spec key and no items', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch({ accept_multiple: false }) });
    expect(launch.html).toContain('type="radio"');
    const { html } = await pick(launch.html, { action: 'cancel' });
    const { payload } = await verifiedResponse(html);
    expect(payload[`${DL}content_items`]).toEqual([]);
    expect(payload[`${DL}errormsg`]).toMatch(/cancelled/);
    expect(Object.keys(payload).some((key) => key.endsWith(' '))).toBe(false);
  });

  it('answers an empty or unknown pick with an error, and a replayed pick with 400', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
    const first = await pick(launch.html, { activity: 'no-such-activity', action: 'add' });
    expect((await verifiedResponse(first.html)).payload[`${DL}errormsg`]).toMatch(/No activity/);
    const replay = await fetch(`${tool.url}/lti/deep-linking/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: first.token, activity: 'action-step', action: 'add' }),
    });
    expect(replay.status).toBe(400);
  });

  it('does not let a learner add activities', async () => {
    const launch = await moodle.launch(tool.url, { userId: 'learner-1', claims: deepLinkingLaunch() });
    expect(launch.status).toBe(200);
    expect(launch.html).toContain('Only instructors can add activities');
    expect(launch.html).not.toContain('name="request"');
  });

  it('refuses a deep-linking launch without settings', async () => {
    const launch = await moodle.launch(tool.url, {
      claims: (c) => ({ ...deepLinkingLaunch()(c), [`${DL}deep_linking_settings`]: undefined }),
    });
    expect(launch.reason).toBe('bad-claims');
  });
});
