import type { Logger } from '../core/logger.ts';

/**
 * SIGTERM (a platform stopping the container) or SIGINT (Ctrl+C): finish what is under way
 * (`close`, start-server.ts), then exit 0; 1 if stopping failed. A second signal does not wait.
 */
export function exitOnStopSignals(close: () => Promise<void>, logger: Logger, graceMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutting down', { signal, graceMs });
    close().then(
      () => {
        logger.info('stopped', { signal });
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('stopping failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
