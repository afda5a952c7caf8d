import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoachingModule } from '../../shared/domain/coaching/module.ts';
import { loadConfig, type AppConfig } from '../../lti-tool/core/config.ts';
import type { Logger } from '../../lti-tool/core/logger.ts';
import type { CoachAgendaSource } from '../../lti-tool/reminders/ports.ts';
import { startServer, type RunningServer } from '../../lti-tool/server/start-server.ts';
import { freePort } from './free-port.ts';
import { testLogger } from './tool-logs.ts';

export interface TestServer extends RunningServer {
  config: AppConfig;
  dataDir: string;
}

/** The real tool (ltijs, SQLite, demo LMS) on a free port and a fresh data folder. */
export async function startTestServer(
  options: {
    builtAssets?: boolean;
    env?: Record<string, string>;
    now?: () => Date;
    /** The starter library to serve instead of the real one. */
    starterModules?: readonly CoachingModule[];
    /** Use this data folder (and its SQLite file) and leave it in place on close. */
    dataDir?: string;
    /** Where the tool logs (silent by default); tests that check what is logged pass their own. */
    logger?: Logger;
    /** What reminders read of the coaching cycle, instead of the cycle's own. */
    agenda?: CoachAgendaSource;
  } = {},
): Promise<TestServer> {
  const port = await freePort();
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'coaching-test-'));
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    ...options.env,
  });
  // Server tests read the HTML shell, not the page scripts, so they need no web build.
  const assets = options.builtAssets
    ? undefined
    : {
        coach: { script: '/assets/coach-test.js', css: [], preload: [] },
        teacher: { script: '/assets/teacher-test.js', css: [], preload: [] },
        practice: { script: '/assets/practice-test.js', css: [], preload: [] },
        provider: { script: '/assets/provider-test.js', css: [], preload: [] },
        programme: { script: '/assets/programme-test.js', css: [], preload: [] },
      };
  const running = await startServer(config, options.logger ?? testLogger(), {
    assets,
    now: options.now,
    backgroundJobs: false,
    ...(options.starterModules ? { starterModules: options.starterModules } : {}),
    ...(options.agenda ? { agenda: options.agenda } : {}),
  });
  let closing: Promise<void> | null = null;
  return {
    ...running,
    url: config.publicUrl,
    config,
    dataDir,
    // Idempotent: a test may stop the server on purpose (offline checks) before afterAll does.
    close() {
      closing ??= running
        .close()
        .then(() => (ownDataDir ? rmSync(dataDir, { recursive: true, force: true }) : undefined));
      return closing;
    },
  };
}
