import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { currentRequestId } from './request-context.ts';

export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

/**
 * Keys whose values are credentials wherever they appear in a line's fields (two levels deep):
 * callers pass ids, not credentials, and this is the net under that rule. The request log never
 * serialises headers or bodies at all (http/request-log.ts).
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'sessionToken',
  'accessToken',
  'access_token',
  'id_token',
  'client_assertion',
  'privateKey',
  'smtpUrl',
  'pairingCode',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const bases = new WeakMap<Logger, PinoLogger>();

/**
 * One JSON line per event (pino): `level`, `time`, `message`, the request id of the request it
 * happened in (request-context.ts), and the caller's fields; an `error` field is described
 * (describeError). Level from LOG_LEVEL (info by default).
 */
export function createLogger(
  options: { silent?: boolean; level?: LogLevel; destination?: DestinationStream } = {},
): Logger {
  const base = pino(
    {
      level: options.silent ? 'silent' : (options.level ?? 'info'),
      messageKey: 'message',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: (_fields, _level, logger) => {
        // The request log's own logger is bound to the id already: not twice on its line.
        const requestId = currentRequestId();
        return requestId && !('requestId' in logger.bindings()) ? { requestId } : {};
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const fields = (meta?: Record<string, unknown>) =>
    meta?.error !== undefined ? { ...meta, error: describeError(meta.error) } : (meta ?? {});
  const logger: Logger = {
    info: (message, meta) => base.info(fields(meta), message),
    warn: (message, meta) => base.warn(fields(meta), message),
    error: (message, meta) => base.error(fields(meta), message),
  };
  bases.set(logger, base);
  return logger;
}

/**
 * The pino logger behind one made by createLogger, for the request log; a logger of another
 * kind (a test's) gets a silent one, so requests are logged only where the tool's own logs go.
 */
export const pinoOf = (logger: Logger): PinoLogger => bases.get(logger) ?? pino({ level: 'silent' });
