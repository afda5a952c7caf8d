/**
 * Our LTI tool in its own process for the benchmarks: production settings, SQLite in a temp
 * folder (or the PostgreSQL the settings name), one JSON log line per launch (stdout: the parent
 * points it at a file, as production logs go somewhere).
 * Page assets are stand-ins, as in tests/harness/tool-server.ts: the launch serves the HTML shell only.
 * Started by tool-process.ts; not meant to be run by hand.
 */
import { loadConfig } from '../../lti-tool/core/config.ts';
import { createLogger } from '../../lti-tool/core/logger.ts';
import { startServer } from '../../lti-tool/server/start-server.ts';
import { freePort } from '../harness/free-port.ts';
import { readSettings, runToolChild } from './tool-child.ts';

const settings = readSettings();

await runToolChild(async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: settings.publicUrl ?? origin,
    DATA_DIR: settings.dataDir,
    NODE_ENV: 'production',
    // The launch benchmark is one client starting thousands of logins a minute, on purpose.
    LOGIN_RATE_LIMIT: '1000000',
    ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
    ...settings.env,
  });
  const running = await startServer(config, createLogger(), {
    // The benchmark's platforms are fakes on 127.0.0.1 over http.
    benchmarkPlatformsOnThisMachine: true,
    assets: {
      coach: { script: '/assets/coach-bench.js', css: ['/assets/shared-bench.css'], preload: [] },
      teacher: { script: '/assets/teacher-bench.js', css: ['/assets/shared-bench.css'], preload: [] },
      practice: { script: '/assets/practice-bench.js', css: ['/assets/shared-bench.css'], preload: [] },
      provider: { script: '/assets/provider-bench.js', css: ['/assets/shared-bench.css'], preload: [] },
      programme: { script: '/assets/programme-bench.js', css: ['/assets/shared-bench.css'], preload: [] },
    },
  });
  await running.registerPlatform(settings.registration, [settings.deploymentId]);
  return { origin, close: () => running.close() };
});
