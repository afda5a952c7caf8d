import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_PATHS } from '../../../lti-tool/server/app.ts';
import { API } from '../../../shared/protocol/api.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

/** Just what this test reads of an Express 4 router's stack. */
interface Layer {
  name: string;
  regexp: RegExp & { fast_slash?: boolean };
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Where a router is mounted, from the pattern Express made of a plain path (`/^\/lti\/?(?=\/|$)/i`). */
function mountPathOf(layer: Layer): string {
  if (layer.regexp.fast_slash) return '';
  const path = layer.regexp.source.replace(/^\^/, '').replace('\\/?(?=\\/|$)', '').replace(/\\\//g, '/');
  if (!/^(\/[\w.-]+)+$/.test(path))
    throw new Error(`a router mounted at a pattern this test cannot read: ${path}`);
  return path;
}

/** Every route the app registered (in nested routers too), one per method and path. */
function routesOf(stack: readonly Layer[], prefix = ''): { method: string; path: string }[] {
  return stack.flatMap((layer) => {
    const { route } = layer;
    if (route) {
      const paths = Array.isArray(route.path) ? route.path : [route.path];
      const methods = Object.keys(route.methods).map((method) => (method === '_all' ? 'GET' : method));
      return paths.flatMap((path) =>
        methods.map((method) => ({ method: method.toUpperCase(), path: `${prefix}${path}` })),
      );
    }
    return layer.name === 'router' && layer.handle.stack
      ? routesOf(layer.handle.stack, prefix + mountPathOf(layer))
      : [];
  });
}

/** Public as the list says: the exact path, or anything under a `/prefix/*`. */
const isPublic = (path: string) =>
  PUBLIC_PATHS.some((entry) =>
    entry.endsWith('/*')
      ? path === entry.slice(0, -2) || path.startsWith(entry.slice(0, -1))
      : path === entry,
  );

let tool: TestServer;
let routes: { method: string; path: string }[];
beforeAll(async () => {
  tool = await startTestServer();
  // The Express app is the server's request listener.
  const app = tool.server.listeners('request')[0] as unknown as { _router: { stack: Layer[] } };
  routes = routesOf(app._router.stack);
});
afterAll(async () => {
  await tool?.close();
});

describe('authentication is mounted once, for everything but the public paths', () => {
  it('finds the API routes', () => {
    expect(routes.filter((route) => route.path.startsWith('/api/')).length).toBeGreaterThan(25);
  });

  it('lists the only routes outside LTI and the demo LMS that answer without credentials', () => {
    const publicRoutes = routes
      .filter((route) => isPublic(route.path))
      .filter((route) => !route.path.startsWith('/lti') && !route.path.startsWith('/demo'))
      .map((route) => `${route.method} ${route.path}`);
    expect(publicRoutes.sort()).toEqual(
      [
        'GET /',
        'GET /healthz',
        // Readiness answers only which check fails; metrics need METRICS_TOKEN (operations.test.ts).
        'GET /readyz',
        'GET /metrics',
        `POST ${API.pair}`,
        'GET /calendar/:file',
        'GET /pair',
        'GET /favicon.ico',
        'GET /favicon.svg',
      ].sort(),
    );
  });

  it('answers 401 to every other registered route without credentials', async () => {
    const guarded = routes.filter((route) => !isPublic(route.path));
    const answers = [];
    for (const { method, path } of guarded) {
      const url = `${tool.url}${path.replace(/:\w+\??/g, 'x')}`;
      const response = await fetch(url, { method, headers: { accept: 'application/json' } });
      const body = (await response.json()) as { error?: { code: string } };
      answers.push(`${method} ${path} → ${response.status} ${body.error?.code ?? ''}`);
    }
    expect(answers).toEqual(guarded.map(({ method, path }) => `${method} ${path} → 401 unauthenticated`));
  });

  it('answers 401 to a path no route has, and to a token that is no token', async () => {
    expect((await fetch(`${tool.url}/api/nope`)).status).toBe(401);
    const forged = await fetch(`${tool.url}${API.syncPull}?since=0`, {
      headers: { authorization: `Bearer ses_${'x'.repeat(40)}` },
    });
    expect(forged.status).toBe(401);
  });

  it('lets a public path through', async () => {
    expect((await fetch(`${tool.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${tool.url}/lti/keys`)).status).toBe(200);
    const pairing = await fetch(`${tool.url}${API.pair}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'ABCD-EFGH', deviceLabel: 'Laptop' }),
    });
    expect(pairing.status).toBe(404);
  });

  it('explains a pairing link opened in a browser', async () => {
    const page = await fetch(`${tool.url}/pair`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('This is a pairing link for the browser extension');
  });
});
