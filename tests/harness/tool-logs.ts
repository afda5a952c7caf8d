import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../lti-tool/core/logger.ts';

/** Where every tool of a test run writes its log (set by tool-logs-global-setup.ts). */
export const TOOL_LOG_DIR_ENV = 'COACHING_TEST_TOOL_LOGS';

/**
 * The logger a test's tool gets unless the test brings its own: every line, debug level up, to a
 * file of this run's log folder, which the run's teardown searches for anything secret or typed
 * (tool-logs-global-setup.ts). Silent when no folder is set (the e2e run, a single file run by hand).
 */
export function testLogger(): Logger {
  const dir = process.env[TOOL_LOG_DIR_ENV];
  if (!dir) return createLogger({ silent: true });
  return createLogger({
    level: 'debug',
    destination: pino.destination({ dest: path.join(dir, `${process.pid}-${randomUUID()}.log`), sync: true }),
  });
}
