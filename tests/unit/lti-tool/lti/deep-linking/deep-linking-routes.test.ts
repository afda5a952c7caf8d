// @vitest-environment node
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModuleSummary } from '../../../../../shared/protocol/practice-api.ts';
import { ACTIVITIES } from '../../../../../lti-tool/activities/catalogue.ts';
import type { DeepLinkingRequest } from '../../../../../lti-tool/lti/deep-linking/deep-linking.ts';
import {
  deepLinkingRoutes,
  type PickerFilter,
} from '../../../../../lti-tool/lti/deep-linking/deep-linking-routes.ts';
import { tenantKeyOf } from '../../../../../lti-tool/core/link-keys.ts';

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const TOKEN = 'dlr_openRequestToken0123456789';
const REQUEST: DeepLinkingRequest = {
  issuer: 'https://school-a.example',
  clientId: 'client-a',
  deploymentId: 'dep-a',
  settings: {
    returnUrl: 'https://school-a.example/return',
    acceptTypes: ['ltiResourceLink'],
    acceptMultiple: true,
    data: 'opaque',
  },
};
const TENANT_A = tenantKeyOf({
  tenant: { issuer: 'https://school-a.example', clientId: 'client-a', deploymentId: 'dep-a' },
});

const summary = (id: string, title: string): ModuleSummary => ({
  id,
  title,
  summary: `About ${title}`,
  phase: 'secondary',
  theme: 'feedback',
  origin: 'provider',
  version: 1,
  criteriaCount: 2,
});

/** Modules by tenant: school A owns `a-only`; every tenant sees the starter `shared-one`. */
const OWNED: Record<string, ModuleSummary[]> = { [TENANT_A]: [summary('a-only', 'School A module')] };
const STARTER = summary('shared-one', 'Shared module');

let server: Server;
let base = '';
let open: Map<string, DeepLinkingRequest>;
const listed: { tenant: string; filter: PickerFilter }[] = [];
const looked: { tenant: string; id: string }[] = [];

beforeAll(async () => {
  const app = express();
  app.use(
    '/lti',
    deepLinkingRoutes({
      publicUrl: 'https://tool.example',
      requests: {
        peek: async (token) => open.get(token) ?? null,
        take: async (token) => {
          const request = open.get(token) ?? null;
          open.delete(token);
          return request;
        },
      },
      catalogue: ACTIVITIES,
      framingOrigins: async () => ['https://lms.example'],
      modules: {
        async listModules(tenant, filter) {
          listed.push({ tenant, filter });
          return [STARTER, ...(OWNED[tenant] ?? [])];
        },
        async getModule(tenant, id) {
          looked.push({ tenant, id });
          return [STARTER, ...(OWNED[tenant] ?? [])].find((module) => module.id === id) ?? null;
        },
      },
      // Unsigned here: the routes' job is the payload; signing is the provider's.
      sign: async (_platform, payload) => Buffer.from(JSON.stringify(payload)).toString('base64url'),
    }),
  );
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  open = new Map([[TOKEN, REQUEST]]);
  listed.length = 0;
  looked.length = 0;
});

async function respond(activities: string[], request: DeepLinkingRequest = REQUEST) {
  open.set(TOKEN, request);
  const body = new URLSearchParams([
    ['request', TOKEN],
    ['action', 'add'],
    ...activities.map((a) => ['activity', a]),
  ]);
  const response = await fetch(`${base}/lti/deep-linking/respond`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const jwt = /name="JWT" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
  return JSON.parse(Buffer.from(jwt, 'base64url').toString()) as Record<string, unknown>;
}

describe('deep-linking routes', () => {
  it("searches the request's institution's modules with the form's filter, leaving the request open", async () => {
    const response = await fetch(
      `${base}/lti/deep-linking/picker?request=${TOKEN}&q=+praise++&phase=secondary&theme=feedback`,
    );
    expect(response.status).toBe(200);
    expect(listed).toEqual([
      { tenant: TENANT_A, filter: { query: 'praise', phase: 'secondary', theme: 'feedback' } },
    ]);
    const html = await response.text();
    expect(html).toContain('value="module:a-only"');
    expect(html).toContain('value="module:shared-one"');
    expect(open.has(TOKEN)).toBe(true);
    // Framed by the platform that asked, nobody else.
    expect(response.headers.get('content-security-policy')).toBe(
      "frame-ancestors 'self' https://lms.example",
    );
  });

  it('reads a bad filter value as no filter', async () => {
    const response = await fetch(
      `${base}/lti/deep-linking/picker?request=${TOKEN}&phase=nope&theme=x&q=a&q=b`,
    );
    expect(response.status).toBe(200);
    expect(listed).toEqual([{ tenant: TENANT_A, filter: { query: '', phase: '', theme: '' } }]);
  });

  it('answers an unknown request with the expired page and lists nothing', async () => {
    const response = await fetch(`${base}/lti/deep-linking/picker?request=dlr_unknownRequestToken0123456789`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This selection has expired');
    expect(listed).toEqual([]);
  });

  it("re-checks each picked module for the request's institution when answering", async () => {
    const payload = await respond(['module:a-only', 'module:shared-one', 'action-step']);
    expect(looked).toEqual([
      { tenant: TENANT_A, id: 'a-only' },
      { tenant: TENANT_A, id: 'shared-one' },
    ]);
    expect((payload[`${DL}content_items`] as { custom: unknown }[]).map((item) => item.custom)).toEqual([
      { activity: 'module', module: 'a-only' },
      { activity: 'module', module: 'shared-one' },
      { activity: 'action-step' },
    ]);
  });

  it("refuses another institution's module, even alongside good picks", async () => {
    const schoolB = { ...REQUEST, issuer: 'https://school-b.example', clientId: 'client-b' };
    const payload = await respond(['module:shared-one', 'module:a-only'], schoolB);
    expect(payload[`${DL}content_items`]).toEqual([]);
    expect(payload[`${DL}errormsg`]).toBe('No activity was chosen.');
    expect(looked.at(-1)?.tenant).not.toBe(TENANT_A);
  });

  it('adds a module picked twice once', async () => {
    const payload = await respond(['module:shared-one', 'module:shared-one']);
    expect(payload[`${DL}content_items`]).toHaveLength(1);
  });

  it('keeps the ticks through a search: hidden ticked modules are looked up for this institution and stay ticked', async () => {
    const response = await fetch(
      `${base}/lti/deep-linking/picker?request=${TOKEN}&q=zzz&activity=module%3Aa-only&activity=action-step&activity=module%3Agone`,
    );
    expect(response.status).toBe(200);
    // The search lists both modules here; what it lists is ticked in place, the rest looked up.
    expect(looked).toEqual([{ tenant: TENANT_A, id: 'gone' }]);
    const html = await response.text();
    expect(html).toMatch(/value="module:a-only"[^>]* checked/);
    expect(html).toMatch(/value="action-step"[^>]* checked/);
    expect(html).not.toContain('module:gone');
  });

  it('clears the search but not the ticks', async () => {
    const response = await fetch(
      `${base}/lti/deep-linking/picker?request=${TOKEN}&q=praise&theme=feedback&clear=1&activity=module%3Ashared-one`,
    );
    expect(listed).toEqual([{ tenant: TENANT_A, filter: { query: '', phase: '', theme: '' } }]);
    expect(await response.text()).toMatch(/value="module:shared-one"[^>]* checked/);
  });

  it('answers an empty "Add" with the picker and its message, keeping the request and the search, signing nothing', async () => {
    const response = await fetch(`${base}/lti/deep-linking/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: TOKEN, action: 'add', q: 'praise', theme: 'feedback' }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-security-policy')).toBe(
      "frame-ancestors 'self' https://lms.example",
    );
    const html = await response.text();
    expect(html).toContain('Choose at least one activity or module to add');
    expect(html).not.toContain('name="JWT"');
    expect(listed).toEqual([{ tenant: TENANT_A, filter: { query: 'praise', phase: '', theme: 'feedback' } }]);
    expect(open.has(TOKEN)).toBe(true);
  });
});
