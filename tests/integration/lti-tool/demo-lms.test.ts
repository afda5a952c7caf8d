import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITIES } from '../../../lti-tool/activities/catalogue.ts';
import { contextKeyOf, resourceLinkKey, tenantKeyOf } from '../../../lti-tool/core/link-keys.ts';
import { DEMO_DATA_FILE } from '../../../lti-tool/demo-lms/course-store.ts';
import { loadOrCreateDemoKey } from '../../../lti-tool/demo-lms/keys.ts';
import { COURSE_ROLES, LMS_PROFILES, type LmsProfile } from '../../../lti-tool/demo-lms/lms-profiles.ts';
import { DEEP_LINK_HINT, loginUrl } from '../../../lti-tool/demo-lms/page.ts';
import { DEMO_CLIENT_ID, DEMO_COURSE, DEMO_DEPLOYMENT_ID } from '../../../lti-tool/demo-lms/people.ts';
import { demoIssuer, demoPlatformRouter } from '../../../lti-tool/demo-lms/platform.ts';
import {
  contentItemFor,
  deepLinkingResponse,
  moduleContentItem,
} from '../../../lti-tool/lti/deep-linking/deep-linking.ts';
import { escapeHtml } from '../../../lti-tool/http/html.ts';
import type { Logger } from '../../../lti-tool/core/logger.ts';
import { freePort } from '../../harness/free-port.ts';
import { bootstrapIn, CookieJar } from '../../harness/lti-launch.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  results: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
};
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json';
const SAM = 'demo-teacher-okafor';

const unescapeHtml = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function hidden(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  if (value === undefined) throw new Error(`no ${name} field in ${html.slice(0, 300)}`);
  return unescapeHtml(value);
}

/** The href of the first link whose attributes (after href) match `attributes`. */
function hrefOf(html: string, attributes: string): string {
  const href = new RegExp(`<a href="([^"]+)"[^>]*${attributes}`).exec(html)?.[1];
  if (!href) throw new Error(`no link with ${attributes}`);
  return unescapeHtml(href);
}

/** The resource link ids of the course's activities, from the coach's launch links, in page order. */
const activityIdsOn = (coursePage: string) =>
  [...coursePage.matchAll(/data-person="demo-coach-rivera" data-activity="([^"]+)"/g)].map((m) => m[1]!);

/** The text of a gradebook cell. */
function cell(gradebook: string, activityTitle: string, personId: string): string | undefined {
  const pattern = `data-activity="${escapeRegExp(escapeHtml(activityTitle))}" data-person="${personId}">([^<]*)<`;
  const text = new RegExp(pattern).exec(gradebook)?.[1];
  return text === undefined ? undefined : unescapeHtml(text);
}

/** A module the picker offers: `[id, title]`. */
function firstModuleIn(picker: string): [string, string] {
  const match = /value="module:([a-z0-9-]+)"[^>]*>\s*<label for="[^"]+">([^<]*)<\/label>/.exec(picker);
  if (!match) throw new Error('the picker offers no module');
  return [match[1]!, unescapeHtml(match[2]!)];
}

/** Follows a login link as a browser does: tool login → demo OIDC auth (form_post) → tool launch. */
async function launchThroughDemo(toolUrl: string, href: string) {
  const jar = new CookieJar();
  const login = await fetch(new URL(href, toolUrl), { redirect: 'manual' });
  expect(login.status).toBe(302);
  jar.store(login);
  const auth = await fetch(new URL(login.headers.get('location')!, toolUrl));
  const formPost = await auth.text();
  if (auth.status !== 200) return { authStatus: auth.status, status: 0, html: formPost, claims: {} };
  const idToken = hidden(formPost, 'id_token');
  const launch = await fetch(`${toolUrl}/lti/launch`, {
    method: 'POST',
    headers: { ...FORM, cookie: jar.header() },
    body: new URLSearchParams({ id_token: idToken, state: hidden(formPost, 'state') }),
  });
  // The demo's own id_token, read (not made) to see what it told the tool.
  return { authStatus: 200, status: launch.status, html: await launch.text(), claims: decodeJwt(idToken) };
}

describe('the demo LMS inside the running tool', () => {
  let tool: TestServer;
  /** What the provider's deep-linking round trip in beforeAll produced. */
  let added: {
    requestClaims: JWTPayload;
    coursePage: string;
    notePage: string;
    moduleId: string;
    moduleTitle: string;
  };

  const get = async (url: string) => (await fetch(new URL(url, tool.url))).text();

  const launchFrom = (href: string) => launchThroughDemo(tool.url, href);

  /** "Add activities" as `personId`: the tool's picker, the pick, and the tool's answer posted back. */
  async function addActivities(personId: string, choose: (picker: string) => string[][]) {
    const picker = await launchFrom(hrefOf(await get('/demo'), `data-deep-link="${personId}"`));
    expect(picker.status).toBe(200);
    const body = new URLSearchParams([['request', hidden(picker.html, 'request')], ...choose(picker.html)]);
    const respond = await fetch(`${tool.url}/lti/deep-linking/respond`, {
      method: 'POST',
      headers: FORM,
      body,
    });
    const returning = await respond.text();
    const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(returning)![1]!);
    const back = await fetch(action, {
      method: 'POST',
      redirect: 'manual',
      headers: FORM,
      body: new URLSearchParams({ JWT: hidden(returning, 'JWT') }),
    });
    expect(back.status).toBe(303);
    const location = new URL(back.headers.get('location')!, action);
    return { picker, action, location, coursePage: await (await fetch(location)).text() };
  }

  beforeAll(async () => {
    tool = await startTestServer();
    let module: [string, string] = ['', ''];
    const round = await addActivities('demo-provider-lee', (picker) => {
      module = firstModuleIn(picker);
      return [
        ['action', 'add'],
        ['activity', 'action-step'],
        ['activity', `module:${module[0]}`],
      ];
    });
    added = {
      requestClaims: round.picker.claims,
      coursePage: round.coursePage,
      notePage: await (await fetch(round.location)).text(),
      moduleId: module[0],
      moduleTitle: module[1],
    };
  });
  afterAll(async () => {
    await tool?.close();
  });

  it('keeps the launch links, adds the provider, and frames the tool with the microphone allowed', async () => {
    const page = await get('/demo');
    for (const text of [
      'Launch as coach (Dana Rivera)',
      'Launch as teacher (Sam Okafor)',
      'Launch as provider (Lee Adebayo)',
    ]) {
      expect(page).toContain(`>${text}</a>`);
    }
    // The first link for a person is still the built-in activity's, into the course frame.
    const first = new URL(hrefOf(page, `data-person="${SAM}"`));
    expect(first.searchParams.get('lti_message_hint')).toBe('demo-link-action-step');
    expect(page).toMatch(new RegExp(`target="lms-frame" data-person="${SAM}"`));
    expect(page).toMatch(/<iframe name="lms-frame"[^>]*allow="microphone; clipboard-write"/);
    expect(page).toContain('href="/demo/gradebook"');
    expect(page).toContain('data-deep-link="demo-provider-lee"');
    expect(page).toContain('data-deep-link="demo-coach-rivera"');
    expect(page).not.toContain(`data-deep-link="${SAM}"`);
  });

  it('sends a real LtiDeepLinkingRequest and adds what the tool answered, with a column for the module', async () => {
    const claims = added.requestClaims;
    expect(claims[`${LTI}message_type`]).toBe('LtiDeepLinkingRequest');
    expect(claims[`${LTI}resource_link`]).toBeUndefined();
    expect(claims[`${DL}deep_linking_settings`]).toEqual(
      expect.objectContaining({
        deep_link_return_url: `${tool.config.demoLmsUrl}/demo/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        data: expect.stringMatching(/^[\w-]{20,}$/),
      }),
    );
    expect(added.coursePage).toContain('Added 2 activities.');
    // The note is shown once.
    expect(added.notePage).not.toContain('Added 2 activities.');
    expect(activityIdsOn(added.coursePage)).toHaveLength(3);
    expect(added.coursePage).toContain(
      `>Launch “${escapeHtml(added.moduleTitle)}” as teacher (Sam Okafor)</a>`,
    );
    expect(added.coursePage).toContain('>Launch “Action step” as coach (Dana Rivera)</a>');

    const gradebook = await get('/demo/gradebook');
    expect(gradebook).toContain('<caption');
    expect(gradebook).toContain(`<th scope="col">${escapeHtml(added.moduleTitle)} `);
    expect(gradebook).toContain('<th scope="row">Sam Okafor</th>');
    expect(cell(gradebook, added.moduleTitle, SAM)).toBe('No score yet');
    // The action step has no line item, so no column; coaches and providers have no row.
    expect(cell(gradebook, 'Action step', SAM)).toBeUndefined();
    expect(gradebook).not.toContain('data-person="demo-coach-rivera"');
  });

  it('launches each added activity as its own resource link, with its custom params and gradebook column', async () => {
    // Moodle-like links (no platform storage): this test follows redirects, not postMessages.
    const moodleLike = await get('/demo?platform_storage=off');
    const moduleLink = new RegExp(
      `<a href="([^"]+)"[^>]*data-person="${SAM}" data-activity="([^"]+)">Launch “${escapeRegExp(escapeHtml(added.moduleTitle))}”`,
    ).exec(moodleLike)!;
    const launch = await launchFrom(unescapeHtml(moduleLink[1]!));
    expect(launch.status).toBe(200);
    expect(launch.claims[`${LTI}message_type`]).toBe('LtiResourceLinkRequest');
    expect(launch.claims[`${LTI}resource_link`]).toEqual(
      expect.objectContaining({ id: moduleLink[2], title: added.moduleTitle }),
    );
    expect(launch.claims[`${LTI}custom`]).toEqual({ activity: 'module', module: added.moduleId });
    const ags = launch.claims[AGS_CLAIM] as { scope: string[]; lineitems: string; lineitem?: string };
    expect(ags.scope).toEqual(expect.arrayContaining([SCOPE.lineItem, SCOPE.score, SCOPE.results]));
    expect(ags.lineitems).toBe(`http://127.0.0.1:${tool.config.port}/demo/ags/lineitems`);
    expect(ags.lineitem).toMatch(new RegExp(`^${escapeRegExp(ags.lineitems)}/\\d+$`));

    const [builtIn, actionStep] = activityIdsOn(moodleLike);
    const step = await launchFrom(
      hrefOf(moodleLike, `data-person="demo-coach-rivera" data-activity="${actionStep}"`),
    );
    expect(step.status).toBe(200);
    expect(step.claims[`${LTI}custom`]).toEqual({ activity: 'action-step' });
    expect((step.claims[`${LTI}resource_link`] as { id: string }).id).toBe(actionStep);
    expect(new Set([builtIn, actionStep, moduleLink[2]]).size).toBe(3);
    expect(step.claims[AGS_CLAIM]).not.toHaveProperty('lineitem');
  });

  it("shows the scores the tool's grade queue sends through AGS, latest first", async () => {
    const moodleLike = await get('/demo?platform_storage=off');
    const moduleActivity = new RegExp(
      `data-person="${SAM}" data-activity="([^"]+)">Launch “${escapeRegExp(escapeHtml(added.moduleTitle))}”`,
    ).exec(moodleLike)![1]!;
    const launch = await launchFrom(
      hrefOf(moodleLike, `data-person="${SAM}" data-activity="${moduleActivity}"`),
    );
    expect(launch.status).toBe(200);
    const tenant = tenantKeyOf({
      tenant: {
        issuer: demoIssuer(tool.config.demoLmsUrl),
        clientId: DEMO_CLIENT_ID,
        deploymentId: DEMO_DEPLOYMENT_ID,
      },
    });
    const event = {
      linkKey: resourceLinkKey(tenant, moduleActivity, `module:${added.moduleId}`),
      contextKey: contextKeyOf(tenant, DEMO_COURSE.id),
      userId: SAM,
    };
    await tool.grades.recordSubmission({ ...event, idempotencyKey: 'demo-round-1:submitted' }, 100);
    expect(await tool.grades.processDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(cell(await get('/demo/gradebook'), added.moduleTitle, SAM)).toBe(
      'Submitted, waiting for the coach',
    );

    await tool.grades.recordReview(
      { ...event, idempotencyKey: 'demo-round-1:reviewed' },
      { given: 85, maximum: 100 },
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(cell(await get('/demo/gradebook'), added.moduleTitle, SAM)).toBe('85 / 100, graded');
    expect(cell(await get('/demo/gradebook'), added.moduleTitle, 'demo-teacher-shah')).toBe('No score yet');
  });

  it("lets the coach add activities too; a cancel shows the tool's message and adds nothing", async () => {
    const before = activityIdsOn(await get('/demo'));
    const { coursePage } = await addActivities('demo-coach-rivera', () => [['action', 'cancel']]);
    expect(coursePage).toContain('The tool said: The instructor cancelled adding an activity.');
    expect(coursePage).not.toContain('Added ');
    expect(activityIdsOn(coursePage)).toEqual(before);
  });

  it('does not start adding activities for a teacher, nor launch an activity the course lacks', async () => {
    const issuer = demoIssuer(tool.config.demoLmsUrl);
    const asTeacher = await launchFrom(
      loginUrl({
        publicUrl: tool.url,
        issuer,
        personId: SAM,
        platformStorage: false,
        messageHint: DEEP_LINK_HINT,
      }),
    );
    expect(asTeacher.authStatus).toBe(403);
    const unknown = await launchFrom(
      loginUrl({
        publicUrl: tool.url,
        issuer,
        personId: SAM,
        platformStorage: false,
        messageHint: 'demo-link-999',
      }),
    );
    expect(unknown.authStatus).toBe(400);
    expect(unknown.html).toContain('This activity is not in the course.');
  });
});

// ---------------------------------------------------------------------------------------------
// The demo as a platform on its own server, answered by a stand-in tool whose key the test holds:
// the only way to send it forged, mis-addressed or replayed answers and to call its AGS directly.
// ---------------------------------------------------------------------------------------------

const TOOL = 'http://tool.invalid';
const toolKey = await generateKeyPair('RS256', { extractable: true });
const otherKey = await generateKeyPair('RS256', { extractable: true });
const kid = randomUUID();
const toolJwks = { keys: [{ ...(await exportJWK(toolKey.publicKey)), kid, alg: 'RS256', use: 'sig' }] };
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function newFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'demo-lms-test-'));
  folders.push(folder);
  return folder;
}

interface Demo {
  base: string;
  issuer: string;
  errors: { message: string; meta?: Record<string, unknown> }[];
  page(url: string): Promise<string>;
  close(): Promise<void>;
}

async function startDemo(dataDir: string, profile?: LmsProfile): Promise<Demo> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const errors: Demo['errors'] = [];
  const logger: Logger = { info: () => undefined, error: (message, meta) => errors.push({ message, meta }) };
  const app = express();
  app.get('/tool/keys', (_req, res) => {
    res.json(toolJwks);
  });
  app.use(
    '/demo',
    demoPlatformRouter({
      platformUrl: base,
      serviceUrl: base,
      publicUrl: TOOL,
      key: await loadOrCreateDemoKey(dataDir),
      toolJwksUrl: `${base}/tool/keys`,
      dataDir,
      logger,
      ...(profile ? { profile } : {}),
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    base,
    issuer: demoIssuer(base),
    errors,
    page: async (url) => (await fetch(`${base}${url}`)).text(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The id_token the demo's OIDC auth endpoint answers with, decoded. */
async function launchClaims(demo: Demo, personId: string, messageHint?: string): Promise<JWTPayload> {
  const auth = new URL(`${demo.base}/demo/auth`);
  auth.search = new URLSearchParams({
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: DEMO_CLIENT_ID,
    redirect_uri: `${TOOL}/lti/launch`,
    login_hint: personId,
    nonce: randomUUID(),
    state: randomUUID(),
    ...(messageHint ? { lti_message_hint: messageHint } : {}),
  }).toString();
  const response = await fetch(auth);
  expect(response.status).toBe(200);
  return decodeJwt(hidden(await response.text(), 'id_token'));
}

/** The demo's own "Add activities" OIDC answer, as the tool receives it: where to reply, and `data`. */
async function deepLinkRequest(demo: Demo, personId = 'demo-provider-lee') {
  const claims = await launchClaims(demo, personId, DEEP_LINK_HINT);
  const settings = claims[`${DL}deep_linking_settings`] as { deep_link_return_url: string; data: string };
  return { returnUrl: settings.deep_link_return_url, data: settings.data };
}

const ITEMS = [
  contentItemFor(ACTIVITIES[0]!, `${TOOL}/lti/launch`),
  moduleContentItem(
    { id: 'cold-call', title: 'Cold call <&>', summary: 'Ask, pause, then name.' },
    `${TOOL}/lti/launch`,
  ),
];

/** The stand-in tool's LtiDeepLinkingResponse, built with the tool's own claim builder. */
function toolAnswer(
  demo: Demo,
  request: { returnUrl: string; data: string | null },
  options: {
    items?: Record<string, unknown>[];
    aud?: string;
    deploymentId?: string;
    nonce?: string;
    key?: CryptoKey;
  } = {},
): Promise<string> {
  const payload = deepLinkingResponse(
    {
      issuer: options.aud ?? demo.issuer,
      clientId: DEMO_CLIENT_ID,
      deploymentId: options.deploymentId ?? DEMO_DEPLOYMENT_ID,
      settings: {
        returnUrl: request.returnUrl,
        acceptTypes: ['ltiResourceLink'],
        acceptMultiple: true,
        data: request.data,
      },
    },
    { items: options.items ?? ITEMS },
    options.nonce ?? randomUUID(),
  );
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(options.key ?? toolKey.privateKey);
}

async function postAnswer(returnUrl: string, jwt: string) {
  const response = await fetch(returnUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: FORM,
    body: new URLSearchParams({ JWT: jwt }),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

async function addItems(demo: Demo, items = ITEMS) {
  const request = await deepLinkRequest(demo);
  const answer = await postAnswer(request.returnUrl, await toolAnswer(demo, request, { items }));
  expect(answer.status).toBe(303);
}

/** A client-credentials token from the demo, as the tool gets one: a signed assertion. */
async function accessToken(demo: Demo, scope: string): Promise<{ access_token: string; scope: string }> {
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(DEMO_CLIENT_ID)
    .setSubject(DEMO_CLIENT_ID)
    .setAudience(`${demo.base}/demo/token`)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(toolKey.privateKey);
  const response = await fetch(`${demo.base}/demo/token`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; scope: string };
}

const bearer = (token: string | null): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

function postScore(url: string, token: string | null, score: Record<string, unknown>, type = SCORE_TYPE) {
  return fetch(`${url}/scores`, {
    method: 'POST',
    headers: { 'content-type': type, ...bearer(token) },
    body: JSON.stringify(score),
  });
}

async function lineItems(demo: Demo, token: string | null, query = '') {
  const response = await fetch(`${demo.base}/demo/ags/lineitems${query}`, { headers: bearer(token) });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as { id: string; label: string; resourceLinkId?: string }[],
  };
}

describe('the demo LMS as a platform: deep-linking answers', () => {
  it('refuses forged, mis-addressed, unsolicited or replayed answers, and adds nothing for them', async () => {
    const demo = await startDemo(newFolder());
    try {
      const before = activityIdsOn(await demo.page('/demo'));
      expect(before).toEqual(['demo-link-action-step']);
      const request = await deepLinkRequest(demo);
      const refusals: [string, string][] = [
        ['not-a-jwt', 'not-verified'],
        [await toolAnswer(demo, request, { key: otherKey.privateKey }), 'not-verified'],
        [await toolAnswer(demo, request, { aud: 'https://another-lms.example' }), 'not-verified'],
        [await toolAnswer(demo, request, { deploymentId: 'another-deployment' }), 'bad-claims'],
        [await toolAnswer(demo, { ...request, data: 'data-this-demo-never-issued' }), 'unknown-data'],
        [await toolAnswer(demo, { ...request, data: null }), 'unknown-data'],
      ];
      for (const [jwt, reason] of refusals) {
        const answer = await postAnswer(request.returnUrl, jwt);
        expect(answer.status, reason).toBe(400);
        expect(answer.html).toContain(`(${reason}), so nothing was added`);
      }
      expect(activityIdsOn(await demo.page('/demo'))).toEqual(before);

      // The request is still open after those refusals; the genuine answer adds both items.
      const nonce = randomUUID();
      const genuine = await toolAnswer(demo, request, { nonce });
      expect((await postAnswer(request.returnUrl, genuine)).status).toBe(303);
      expect(activityIdsOn(await demo.page('/demo'))).toHaveLength(3);
      // The same answer again: that request was answered.
      expect((await postAnswer(request.returnUrl, genuine)).html).toContain('(unknown-data)');

      // A new request answered with a nonce already used is refused, and does not use the request up.
      const second = await deepLinkRequest(demo);
      const replayed = await postAnswer(second.returnUrl, await toolAnswer(demo, second, { nonce }));
      expect(replayed.status).toBe(400);
      expect(replayed.html).toContain('(nonce-replayed)');
      expect(activityIdsOn(await demo.page('/demo'))).toHaveLength(3);
      expect((await postAnswer(second.returnUrl, await toolAnswer(demo, second))).status).toBe(303);
      expect(activityIdsOn(await demo.page('/demo'))).toHaveLength(5);
    } finally {
      await demo.close();
    }
  });

  it('escapes the titles the tool sent, on the course page and in the gradebook', async () => {
    const demo = await startDemo(newFolder());
    try {
      await addItems(demo);
      const page = await demo.page('/demo');
      expect(page).toContain('Launch “Cold call &lt;&amp;&gt;” as teacher (Sam Okafor)');
      expect(page).not.toContain('Cold call <&>');
      expect(cell(await demo.page('/demo/gradebook'), 'Cold call <&>', SAM)).toBe('No score yet');
    } finally {
      await demo.close();
    }
  });
});

describe('the demo LMS as a platform: Assignment and Grade Services', () => {
  let demo: Demo;
  let column: { id: string; label: string; resourceLinkId?: string };

  beforeAll(async () => {
    demo = await startDemo(newFolder());
    await addItems(demo);
    const token = await accessToken(demo, SCOPE.lineItemReadOnly);
    [column] = (await lineItems(demo, token.access_token)).body as [typeof column];
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('grants the gradebook scopes, once per assertion', async () => {
    const token = await accessToken(demo, `${SCOPE.score} ${SCOPE.lineItem} ${SCOPE.results} unknown-scope`);
    expect(token.scope.split(' ').sort()).toEqual([SCOPE.lineItem, SCOPE.results, SCOPE.score].sort());
  });

  it('lists line items with their filters and serves each one', async () => {
    const read = (await accessToken(demo, SCOPE.lineItemReadOnly)).access_token;
    expect((await lineItems(demo, null)).status).toBe(401);
    const all = await lineItems(demo, read);
    expect(all.status).toBe(200);
    expect(all.type).toMatch(/^application\/vnd\.ims\.lis\.v2\.lineitemcontainer\+json/);
    expect(all.body).toEqual([
      {
        id: expect.stringMatching(new RegExp(`^${escapeRegExp(demo.base)}/demo/ags/lineitems/\\d+$`)),
        label: 'Cold call <&>',
        scoreMaximum: 100,
        resourceId: 'module:cold-call',
        resourceLinkId: expect.stringMatching(/^demo-link-\d+$/),
      },
    ]);
    const byLink = `?resource_link_id=${column.resourceLinkId}`;
    expect((await lineItems(demo, read, byLink)).body).toHaveLength(1);
    expect((await lineItems(demo, read, '?resource_link_id=demo-link-action-step')).body).toEqual([]);
    expect((await lineItems(demo, read, '?resource_id=module:cold-call')).body).toHaveLength(1);
    expect((await lineItems(demo, read, '?resource_id=module:other')).body).toEqual([]);
    const one = await fetch(column.id, { headers: bearer(read) });
    expect(await one.json()).toEqual(all.body[0]);
    expect((await fetch(`${demo.base}/demo/ags/lineitems/999`, { headers: bearer(read) })).status).toBe(404);
  });

  it('creates line items for the tool, validated', async () => {
    const write = (await accessToken(demo, SCOPE.lineItem)).access_token;
    const read = (await accessToken(demo, SCOPE.lineItemReadOnly)).access_token;
    const create = (token: string, body: unknown) =>
      fetch(`${demo.base}/demo/ags/lineitems`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.ims.lis.v2.lineitem+json', ...bearer(token) },
        body: JSON.stringify(body),
      });
    const item = { label: 'Extra practice', scoreMaximum: 10, resourceId: 'action-step' };
    expect((await create(read, item)).status).toBe(401);
    expect((await create(write, { ...item, scoreMaximum: 0 })).status).toBe(400);
    expect((await create(write, { ...item, label: '' })).status).toBe(400);
    expect((await create(write, { ...item, resourceLinkId: 'demo-link-999' })).status).toBe(400);
    const created = await create(write, { ...item, resourceLinkId: 'demo-link-action-step' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual(
      expect.objectContaining({ ...item, resourceLinkId: 'demo-link-action-step', id: expect.any(String) }),
    );
    expect(await demo.page('/demo/gradebook')).toContain('<th scope="col">Extra practice ');
  });

  it("keeps Moodle's score rules: bearer with score scope, FullyGraded only, later timestamps only", async () => {
    const read = (await accessToken(demo, SCOPE.lineItemReadOnly)).access_token;
    const score = (await accessToken(demo, SCOPE.score)).access_token;
    const results = (await accessToken(demo, SCOPE.results)).access_token;
    const t0 = Date.parse('2026-11-22T10:00:00.000Z');
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const submitted = {
      userId: SAM,
      scoreGiven: 40,
      scoreMaximum: 100,
      activityProgress: 'Submitted',
      gradingProgress: 'PendingManual',
      timestamp: at(0),
    };
    expect((await postScore(column.id, null, submitted)).status).toBe(401);
    expect((await postScore(column.id, read, submitted)).status).toBe(401);
    expect((await postScore(column.id, score, submitted, 'application/json')).status).toBe(415);
    expect((await postScore(column.id, score, { ...submitted, gradingProgress: 'Done' })).status).toBe(400);
    expect((await postScore(column.id, score, { ...submitted, userId: 'nobody' })).status).toBe(400);
    expect((await postScore(column.id, score, { ...submitted, userId: 'demo-coach-rivera' })).status).toBe(
      400,
    );
    expect((await postScore(`${demo.base}/demo/ags/lineitems/999`, score, submitted)).status).toBe(404);

    expect((await postScore(column.id, score, submitted)).status).toBe(204);
    // Not FullyGraded: the given score is dropped.
    expect(cell(await demo.page('/demo/gradebook'), column.label, SAM)).toBe(
      'Submitted, waiting for the coach',
    );
    const pending = await (await fetch(`${column.id}/results`, { headers: bearer(results) })).json();
    expect(pending).toEqual([expect.not.objectContaining({ resultScore: expect.anything() })]);

    const graded = {
      ...submitted,
      scoreGiven: 85,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    };
    // The same second, or earlier, is stale.
    expect((await postScore(column.id, score, { ...graded, timestamp: at(900) })).status).toBe(409);
    expect((await postScore(column.id, score, { ...graded, timestamp: at(-5000) })).status).toBe(409);
    expect(cell(await demo.page('/demo/gradebook'), column.label, SAM)).toBe(
      'Submitted, waiting for the coach',
    );

    expect((await postScore(column.id, score, { ...graded, timestamp: at(2000) })).status).toBe(204);
    expect(cell(await demo.page('/demo/gradebook'), column.label, SAM)).toBe('85 / 100, graded');
    const final = await (await fetch(`${column.id}/results`, { headers: bearer(results) })).json();
    expect(final).toEqual([expect.objectContaining({ userId: SAM, resultScore: 85, resultMaximum: 100 })]);
  });
});

describe.each(['canvas', 'openedx'] as const)('the tool behind the demo LMS as %s', (lms) => {
  let tool: TestServer;
  beforeAll(async () => {
    tool = await startTestServer({ env: { DEMO_LMS_AS: lms } });
  });
  afterAll(async () => {
    await tool?.close();
  });

  it("opens the coach's and the teacher's pages from that LMS's launches", async () => {
    const coursePage = await (await fetch(`${tool.url}/demo?platform_storage=off`)).text();
    const [builtIn] = activityIdsOn(coursePage);
    const as = (person: string) => hrefOf(coursePage, `data-person="${person}" data-activity="${builtIn}"`);
    const coach = await launchThroughDemo(tool.url, as('demo-coach-rivera'));
    const teacher = await launchThroughDemo(tool.url, as(SAM));
    expect([coach.status, teacher.status]).toEqual([200, 200]);
    expect(coach.claims[`${LTI}tool_platform`]).toEqual(
      expect.objectContaining({ name: LMS_PROFILES[lms].label }),
    );
    expect(bootstrapIn(coach.html)?.page).toBe('coach');
    expect(bootstrapIn(teacher.html)?.page).toBe('teacher');
  });
});

describe('the demo LMS as another LMS (DEMO_LMS_AS)', () => {
  const NEUTRAL_SYSTEM_ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#None';

  it('launches as Moodle by default: its platform, username extension and return URL', async () => {
    const demo = await startDemo(newFolder());
    try {
      const claims = await launchClaims(demo, SAM);
      expect(claims[`${LTI}tool_platform`]).toEqual(
        expect.objectContaining({ product_family_code: 'moodle' }),
      );
      expect(claims[`${LTI}ext`]).toEqual({ user_username: SAM, lms: 'moodle-2' });
      expect(claims[`${LTI}launch_presentation`]).toEqual(
        expect.objectContaining({ document_target: 'iframe', return_url: `${demo.base}/demo` }),
      );
      expect(claims[`${LTI}custom`]).toEqual({ activity: 'action-step' });
      expect(claims.given_name).toBe('Sam');
    } finally {
      await demo.close();
    }
  });

  it("launches as Canvas (its placement, custom parameters merged with the activity's) and keeps Canvas's gradebook rules", async () => {
    const demo = await startDemo(newFolder(), LMS_PROFILES.canvas);
    try {
      const claims = await launchClaims(demo, SAM);
      expect(claims['https://www.instructure.com/placement']).toBe('course_navigation');
      expect(claims[`${LTI}custom`]).toEqual({ canvas_course_id: '42', activity: 'action-step' });
      expect(claims[`${LTI}tool_platform`]).toEqual(
        expect.objectContaining({ product_family_code: 'canvas' }),
      );
      expect(claims.azp).toBe(DEMO_CLIENT_ID);
      expect(claims[`${LTI}ext`]).toBeUndefined();

      await addItems(demo);
      const token = (await accessToken(demo, `${SCOPE.score} ${SCOPE.lineItemReadOnly}`)).access_token;
      const [column] = (await lineItems(demo, token)).body as [{ id: string; label: string }];
      const score = {
        userId: SAM,
        scoreGiven: 40,
        scoreMaximum: 100,
        activityProgress: 'Submitted',
        gradingProgress: 'PendingManual',
        timestamp: '2026-11-22T10:00:05.000Z',
      };
      const withoutUserAgent = await fetch(`${column.id}/scores`, {
        method: 'POST',
        headers: { 'content-type': SCORE_TYPE, 'user-agent': '', ...bearer(token) },
        body: JSON.stringify(score),
      });
      expect(withoutUserAgent.status).toBe(400);
      expect(await withoutUserAgent.json()).toEqual(
        expect.objectContaining({ message: 'User-Agent required' }),
      );
      expect((await postScore(column.id, token, { ...score, scoreMaximum: undefined })).status).toBe(400);
      // Canvas keeps a pending score's points and does not refuse an earlier timestamp.
      expect((await postScore(column.id, token, score)).status).toBe(204);
      expect(cell(await demo.page('/demo/gradebook'), column.label, SAM)).toBe(
        '40 / 100, waiting for the coach',
      );
      const earlier = { ...score, scoreGiven: 50, timestamp: '2026-11-22T10:00:00.000Z' };
      expect((await postScore(column.id, token, earlier)).status).toBe(204);
    } finally {
      await demo.close();
    }
  });

  it('launches as Open edX: neutral system and institution roles, no given or family name', async () => {
    const demo = await startDemo(newFolder(), LMS_PROFILES.openedx);
    try {
      const claims = await launchClaims(demo, SAM);
      expect(claims[`${LTI}roles`]).toEqual(
        expect.arrayContaining([NEUTRAL_SYSTEM_ROLE, COURSE_ROLES.learner]),
      );
      expect(claims.given_name).toBeUndefined();
      expect(claims.family_name).toBeUndefined();
      expect(claims[`${LTI}tool_platform`]).toEqual(expect.objectContaining({ name: 'Open edX' }));
    } finally {
      await demo.close();
    }
  });
});

describe('the demo LMS keeps its course in DATA_DIR', () => {
  it('keeps activities, columns and scores across a restart, written atomically', async () => {
    const folder = newFolder();
    const first = await startDemo(folder);
    let lineItem: string;
    try {
      await addItems(first);
      const read = (await accessToken(first, SCOPE.lineItemReadOnly)).access_token;
      lineItem = (await lineItems(first, read)).body[0]!.id;
      const score = (await accessToken(first, SCOPE.score)).access_token;
      const sent = await postScore(lineItem, score, {
        userId: SAM,
        scoreGiven: 70,
        scoreMaximum: 100,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date().toISOString(),
      });
      expect(sent.status).toBe(204);
    } finally {
      await first.close();
    }
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const saved = JSON.parse(readFileSync(path.join(folder, DEMO_DATA_FILE), 'utf8')) as {
      activities: unknown[];
      scores: unknown[];
    };
    expect(saved.activities).toHaveLength(2);
    expect(saved.scores).toHaveLength(1);

    const second = await startDemo(folder);
    try {
      const page = await second.page('/demo');
      expect(page).toContain('Launch “Cold call &lt;&amp;&gt;” as teacher (Sam Okafor)');
      expect(activityIdsOn(page)).toHaveLength(3);
      expect(cell(await second.page('/demo/gradebook'), 'Cold call <&>', SAM)).toBe('70 / 100, graded');
      // New activities get new ids after the restart.
      await addItems(second);
      expect(new Set(activityIdsOn(await second.page('/demo'))).size).toBe(5);
      expect(second.errors).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it.each([
    ['not JSON', '{"version":1,"activities":['],
    ['not a course', JSON.stringify({ version: 2, activities: 'none' })],
  ])('ignores a course file that is %s: logged, kept aside, and the demo starts empty', async (_, text) => {
    const folder = newFolder();
    writeFileSync(path.join(folder, DEMO_DATA_FILE), text);
    const demo = await startDemo(folder);
    try {
      const page = await (await fetch(`${demo.base}/demo`)).text();
      expect(activityIdsOn(page)).toEqual(['demo-link-action-step']);
      expect(demo.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/not valid/) })]);
      expect(readFileSync(path.join(folder, `${DEMO_DATA_FILE}.corrupt`), 'utf8')).toBe(text);
      await addItems(demo);
      expect(existsSync(path.join(folder, DEMO_DATA_FILE))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(folder, DEMO_DATA_FILE), 'utf8'))).toEqual(
        expect.objectContaining({ version: 1, activities: expect.any(Array) }),
      );
    } finally {
      await demo.close();
    }
  });
});
