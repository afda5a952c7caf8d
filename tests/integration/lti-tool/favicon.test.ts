import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
beforeAll(async () => {
  tool = await startTestServer();
});
afterAll(async () => {
  await tool?.close();
});

describe('the favicon', () => {
  it('is served to anyone, as the product icon, at both paths browsers ask for', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const response = await fetch(`${tool.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(await response.text()).toMatch(/^<svg [^>]*width="32"/);
    }
  });

  it('is named by the pages the tool renders', async () => {
    const home = await (await fetch(`${tool.url}/`)).text();
    expect(home).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });
});
