import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lti-tool/core/config.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

// Its own file: ltijs is a process-wide singleton, and each test file runs in its own worker.
// So one production tool serves every test here.
let production: TestServer;
beforeAll(async () => {
  production = await startTestServer({ env: { NODE_ENV: 'production' } });
});
afterAll(async () => {
  await production?.close();
});

describe('production mode', () => {
  it('serves no demo LMS', async () => {
    expect((await fetch(`${production.url}/demo`)).status).toBe(404);
    expect((await fetch(`${production.url}/healthz`)).status).toBe(200);
  });

  it('never connects to a platform host that resolves to a loopback address, even over https', async () => {
    // Something listening on this machine, as an internal service would: it counts connections.
    let connections = 0;
    const internal = createTcpServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => internal.listen(0, '::', resolve));
    const { port } = internal.address() as AddressInfo;
    try {
      // `localhost` is an ordinary name to the tool: only its DNS answer says it is loopback.
      const pasted = new URL(await production.registrationUrl(60_000));
      pasted.searchParams.set(
        'openid_configuration',
        `https://localhost:${port}/.well-known/openid-configuration`,
      );
      const response = await fetch(pasted);
      const html = await response.text();
      expect(connections).toBe(0);
      expect(response.status).toBe(502);
      expect(html).toContain('an address the tool does not call');
    } finally {
      await new Promise<void>((resolve) => internal.close(() => resolve()));
    }
  });

  it('refuses to start without PUBLIC_URL, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/tmp/coaching-config-test' })).toThrow(
      /PUBLIC_URL is required in production/,
    );
  });

  it('names a bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: '/tmp/coaching-config-test' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', DATA_DIR: '/tmp/coaching-config-test' })).toThrow(
      /DATABASE_URL must be a postgres/,
    );
    expect(() => loadConfig({ DEMO_LMS_AS: 'blackboard', DATA_DIR: '/tmp/coaching-config-test' })).toThrow(
      /DEMO_LMS_AS must be moodle, canvas or openedx/,
    );
    expect(loadConfig({ DATA_DIR: '/tmp/coaching-config-test' }).demoLmsAs).toBe('moodle');
    expect(loadConfig({ DEMO_LMS_AS: 'canvas', DATA_DIR: '/tmp/coaching-config-test' }).demoLmsAs).toBe(
      'canvas',
    );
  });
});
