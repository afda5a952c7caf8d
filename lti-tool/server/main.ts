import path from 'node:path';
import { ConfigError, loadConfig, startupWarnings } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { startServer } from './start-server.ts';
import { exitOnStopSignals } from './stop-signals.ts';

let logger = createLogger();

// A stray rejection is logged, never allowed to take the server down.
process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));

try {
  const config = loadConfig();
  logger = createLogger({ level: config.logLevel });
  for (const warning of startupWarnings(config)) logger.error('configuration warning', { warning });
  const running = await startServer(config, logger);
  const extensionDir = path.resolve('.output/chrome-mv3');
  console.log(`
Coaching tool is running at ${config.publicUrl}  (health: ${config.publicUrl}/healthz)
${!config.demo ? '' : `  Demo LMS:   ${config.demoLmsUrl}/demo  (launch as coach or teacher)\n`}  LTI login:  ${config.publicUrl}/lti/login
  LTI launch: ${config.publicUrl}/lti/launch
  LTI keys:   ${config.publicUrl}/lti/keys
  Data:       ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir}

Browser extension built in ${extensionDir}
  Chrome/Edge: open chrome://extensions, turn on Developer mode, "Load unpacked", choose that folder.
`);
  exitOnStopSignals(() => running.close(), logger, config.shutdownGraceMs);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    logger.error('failed to start', { error });
  }
  process.exit(1);
}
