import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lti-tool/server/config.ts';
import { startTestServer } from '../../harness/tool-server.ts';

// Its own file: ltijs is a process-wide singleton, and each test file runs in its own worker.
describe('production mode', () => {
  it('serves no demo LMS', async () => {
    const production = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      expect((await fetch(`${production.url}/demo`)).status).toBe(404);
      expect((await fetch(`${production.url}/healthz`)).status).toBe(200);
    } finally {
      await production.close();
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
  });
});
