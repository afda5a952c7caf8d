import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../lti-tool/http/html.ts';
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

  it('offers the programme view to provider admins only, and refuses a coach who names it anyway', async () => {
    const admin = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator';
    const byProvider = await moodle.launch(tool.url, {
      claims: (claims) => ({ ...deepLinkingLaunch()(claims), [`${LTI}roles`]: [admin] }),
    });
    expect(byProvider.html).toContain('value="programme"');
    const { html } = await pick(byProvider.html, { activity: 'programme', action: 'add' });
    expect((await verifiedResponse(html)).payload[`${DL}content_items`]).toEqual([
      expect.objectContaining({ custom: { activity: 'programme' }, title: 'Programme view (leaders)' }),
    ]);

    const byCoach = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
    expect(byCoach.html).not.toContain('value="programme"');
    const forged = await pick(byCoach.html, { activity: 'programme', action: 'add' });
    expect((await verifiedResponse(forged.html)).payload[`${DL}errormsg`]).toMatch(/No activity/);
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

  it('answers an unknown pick with an error, and a replayed pick with 400', async () => {
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

  it('refuses an empty "Add" on the picker itself: no answer reaches the LMS, and the request still answers a real pick', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
    const empty = await pick(launch.html, { action: 'add', q: 'feedback' });
    expect(empty.response.status).toBe(422);
    expect(empty.html).toContain('<h1>Add a coaching activity</h1>');
    expect(empty.html).toContain(
      `<p class="error" id="pick-error" role="alert">${escapeHtml('Choose at least one activity or module to add, or select “Cancel”.')}</p>`,
    );
    // Nothing signed, no form to the platform, and the search is kept.
    expect(empty.html).not.toContain('name="JWT"');
    expect(empty.html).not.toContain(moodle.base);
    expect(empty.response.headers.get('content-security-policy')).not.toContain(moodle.base + '/mod');
    expect(empty.response.headers.get('content-security-policy')).toMatch(/form-action 'self'(;|$)/);
    expect(empty.html).toContain('id="picker-q" name="q" value="feedback"');
    expect(tokenIn(empty.html)).toBe(empty.token);

    // The same request, picked properly now, answers the LMS once.
    const { response, html } = await pick(empty.html, { activity: 'action-step', action: 'add' });
    expect(response.status).toBe(200);
    const { payload } = await verifiedResponse(html);
    expect(payload[`${DL}content_items`]).toEqual([
      expect.objectContaining({ custom: { activity: 'action-step' } }),
    ]);
    expect((await pick(empty.html, { activity: 'action-step', action: 'add' })).response.status).toBe(400);
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

/** The picker's module choices: `[id, title]`, in page order. */
function modulesIn(html: string): [string, string][] {
  return [...html.matchAll(/value="module:([a-z0-9-]+)"[^>]*>\s*<label for="[^"]+">([^<]*)<\/label>/g)].map(
    (match) => [
      match[1]!,
      match[2]!
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"'),
    ],
  );
}

const tokenIn = (html: string) => /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function picker(token: string, query: Record<string, string> = {}) {
  const response = await fetch(
    `${tool.url}/lti/deep-linking/picker?${new URLSearchParams({ request: token, ...query })}`,
  );
  return { status: response.status, html: await response.text(), headers: response.headers };
}

describe('Deep Linking 2.0: practice modules in the picker', () => {
  it('lists the action step and the modules, each with phase, theme and number of success criteria', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
    expect(launch.html).toContain('value="action-step"');
    const modules = modulesIn(launch.html);
    expect(modules.length).toBeGreaterThan(0);
    expect(launch.html).toMatch(/Phase: [A-Z]/);
    expect(launch.html).toMatch(/Theme: [A-Z]/);
    expect(launch.html).toMatch(/\d+ success criteri(a|on)/);
    expect(launch.html).toContain(`${modules.length} module`);
    expect(launch.html).toContain(
      '<button type="submit" class="secondary" formmethod="get" formaction="/lti/deep-linking/picker">Search</button>',
    );
    expect(launch.html).toContain('<script src="/lti/deep-linking/picker.js"></script>');
    const script = await fetch(`${tool.url}/lti/deep-linking/picker.js`);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(launch.html).toContain('<link rel="stylesheet" href="/lti/deep-linking/picker.css">');
    const css = await fetch(`${tool.url}/lti/deep-linking/picker.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('searches and filters without using up the request, which then still answers once', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
    const token = tokenIn(launch.html);
    const [[id, title]] = modulesIn(launch.html) as [[string, string]];

    const found = await picker(token, { q: title.toLowerCase(), phase: '', theme: '' });
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toBe('no-store');
    expect(modulesIn(found.html).map(([moduleId]) => moduleId)).toContain(id);
    expect(found.html).toMatch(/modules? match(es)? your search/);
    expect(found.html).toContain(`value="${escapeHtml(title.toLowerCase())}"`);

    const none = await picker(token, { q: 'zzzz no module has this qqqq' });
    expect(none.status).toBe(200);
    expect(modulesIn(none.html)).toEqual([]);
    expect(none.html).toContain('No modules match your search');
    expect(none.html).toContain('value="action-step"');

    // A bad filter value is ignored, not an error.
    expect((await picker(token, { phase: 'not-a-phase', theme: 'nor-a-theme' })).status).toBe(200);

    const { html } = await pick(found.html, { activity: `module:${id}`, action: 'add' });
    const { payload } = await verifiedResponse(html);
    expect(payload[`${DL}content_items`]).toHaveLength(1);
    // Answered now: neither the search nor another answer works with this token.
    expect((await picker(token)).status).toBe(400);
  });

  it('answers an unknown or expired request token on the search page with the expired page', async () => {
    const forged = await picker('dlr_thisTokenWasNeverIssuedByTheTool123');
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('This selection has expired');
    const malformed = await picker('not-a-token');
    expect(malformed.status).toBe(400);
    expect(malformed.html).toContain('This selection has expired');
    expect((await fetch(`${tool.url}/lti/deep-linking/picker`)).status).toBe(400);
  });

  it('returns one ltiResourceLink per pick, a module with its custom params and a line item out of 100', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
    const [[id, title]] = modulesIn(launch.html) as [[string, string]];
    const token = tokenIn(launch.html);
    const response = await fetch(`${tool.url}/lti/deep-linking/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `request=${token}&action=add&activity=action-step&activity=${encodeURIComponent(`module:${id}`)}`,
    });
    const { payload } = await verifiedResponse(await response.text());
    expect(payload[`${DL}content_items`]).toEqual([
      expect.objectContaining({ custom: { activity: 'action-step' } }),
      {
        type: 'ltiResourceLink',
        title,
        text: expect.any(String),
        url: `${tool.url}/lti/launch`,
        custom: { activity: 'module', module: id },
        lineItem: { scoreMaximum: 100, label: title, resourceId: `module:${id}` },
      },
    ]);
  });

  it('answers a pick naming an unknown module (or a malformed one) with "No activity was chosen"', async () => {
    for (const activity of ['module:no-such-module-here', 'module:../../etc']) {
      const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch() });
      const { html } = await pick(launch.html, { activity, action: 'add' });
      const { payload } = await verifiedResponse(html);
      expect(payload[`${DL}errormsg`]).toMatch(/No activity was chosen/);
      expect(payload[`${DL}content_items`]).toEqual([]);
    }
  });

  it('offers radio buttons for modules too when the platform accepts one item, and sends only one', async () => {
    const launch = await moodle.launch(tool.url, { claims: deepLinkingLaunch({ accept_multiple: false }) });
    const [[id]] = modulesIn(launch.html) as [[string, string]];
    expect(launch.html).toContain(`type="radio" id="module-${id}"`);
    const token = tokenIn(launch.html);
    const response = await fetch(`${tool.url}/lti/deep-linking/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `request=${token}&action=add&activity=${encodeURIComponent(`module:${id}`)}&activity=action-step`,
    });
    const { payload } = await verifiedResponse(await response.text());
    expect(payload[`${DL}content_items`]).toEqual([
      expect.objectContaining({ custom: { activity: 'module', module: id } }),
    ]);
  });
});
