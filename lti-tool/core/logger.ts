export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * What a log line says of an error: its type, message and code, and those of its cause (a
 * database error's driver error, e.g. SQLITE_BUSY), then the stack. Sequelize builds its errors'
 * stacks from a bare Error, so the stack alone said only "Error at …". No SQL: it may hold user text.
 */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, errno, parent } = error as Error & { code?: unknown; errno?: unknown; parent?: unknown };
  const cause = parent ?? error.cause;
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof errno === 'number' ? { errno } : {}),
    ...(cause !== undefined && cause !== error && depth < 3
      ? { cause: describeError(cause, depth + 1) }
      : {}),
    ...(depth === 0 && error.stack ? { stack: error.stack } : {}),
  };
}

/** One JSON line per event. Tokens never reach it: callers pass ids, not credentials. */
export function createLogger(options: { silent?: boolean } = {}): Logger {
  const write = (level: string, message: string, meta?: Record<string, unknown>) => {
    if (options.silent) return;
    const error = meta?.error !== undefined ? { error: describeError(meta.error) } : {};
    console.log(JSON.stringify({ level, message, time: new Date().toISOString(), ...meta, ...error }));
  };
  return {
    info: (message, meta) => write('info', message, meta),
    error: (message, meta) => write('error', message, meta),
  };
}
