export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** One JSON line per event. Tokens never reach it: callers pass ids, not credentials. */
export function createLogger(options: { silent?: boolean } = {}): Logger {
  const write = (level: string, message: string, meta?: Record<string, unknown>) => {
    if (options.silent) return;
    const error = meta?.error instanceof Error ? { error: meta.error.stack ?? meta.error.message } : {};
    console.log(JSON.stringify({ level, message, time: new Date().toISOString(), ...meta, ...error }));
  };
  return {
    info: (message, meta) => write('info', message, meta),
    error: (message, meta) => write('error', message, meta),
  };
}
