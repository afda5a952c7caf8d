/**
 * A tool server in its own process (ltijs is one per process), configured by the environment
 * like `npm start`. It reports `loaded` once its code is loaded, starts on `go` (so a test can
 * start several at the same instant), reports `ready`, and shuts down cleanly on `stop`.
 * The parent side is tool-server-process.ts.
 */
import { loadConfig } from '../../lti-tool/core/config.ts';
import { createLogger } from '../../lti-tool/core/logger.ts';
import { testLogger } from './tool-logs.ts';
import { startServer, type RunningServer } from '../../lti-tool/server/start-server.ts';
import { exitOnStopSignals } from '../../lti-tool/server/stop-signals.ts';

export type ChildMessage =
  { type: 'loaded' } | { type: 'ready'; url: string } | { type: 'failed'; message: string };
export type ParentMessage = { type: 'go' } | { type: 'stop' };

const send = (message: ChildMessage, then: () => void = () => {}) => process.send?.(message, then);
let running: RunningServer | null = null;

async function start(): Promise<void> {
  try {
    const config = loadConfig();
    // As in tool-server.ts: server tests read the HTML shell, not the page scripts.
    const assets = {
      coach: { script: '/assets/coach-test.js', css: [], preload: [] },
      teacher: { script: '/assets/teacher-test.js', css: [], preload: [] },
      practice: { script: '/assets/practice-test.js', css: [], preload: [] },
      provider: { script: '/assets/provider-test.js', css: [], preload: [] },
      programme: { script: '/assets/programme-test.js', css: [], preload: [] },
    };
    running = await startServer(config, testLogger(), { assets });
    const server = running;
    // As `npm start` does: SIGTERM stops it gracefully (lti-tool/server/stop-signals.ts).
    exitOnStopSignals(() => server.close(), createLogger({ silent: true }), config.shutdownGraceMs);
    send({ type: 'ready', url: `http://localhost:${config.port}` });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(message);
    // Exit once the message is out: exiting at once could drop it.
    send({ type: 'failed', message }, () => process.exit(1));
  }
}

async function stop(): Promise<void> {
  await running?.close();
  process.exit(0);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'go') void start();
  if (message.type === 'stop') void stop();
});
// The parent went away without asking: do not outlive it.
process.once('disconnect', () => void stop());
send({ type: 'loaded' });
