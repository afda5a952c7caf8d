import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { pinoOf, type Logger } from '../core/logger.ts';
import { requestIdFrom, runInRequest } from '../core/request-context.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Paths whose requests are not logged one by one: probes and scrapes every few seconds. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * A request's path as logged: no query string (OIDC logins and launches carry hints and states
 * there) and no credential in the path (a calendar feed's token is its path).
 */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  return path.replace(/^\/calendar\/[^/]+/, '/calendar/[token]');
}

/**
 * Gives each request its id (a valid `X-Request-Id` from the proxy, or a new one), echoes it in
 * the response, runs the rest of the request in its context (every log line carries it), and
 * logs one line when the response ends: method, path, status and time, never headers or bodies.
 */
export function requestLog(logger: Logger): RequestHandler[] {
  const identify: RequestHandler = (req, res, next) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    (req as IncomingMessage & { id?: string }).id = requestId;
    res.setHeader('X-Request-Id', requestId);
    runInRequest({ requestId }, next);
  };
  const log = pinoHttp({
    logger: pinoOf(logger),
    genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? requestIdFrom(undefined),
    autoLogging: { ignore: (req) => QUIET.has(loggedPath(req.url)) },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: (req, res) => `${req.method} ${loggedPath(req.url)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${loggedPath(req.url)} ${res.statusCode}`,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
    // The mixin adds the request id to every line, these included; not twice.
    quietReqLogger: true,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: loggedPath(req.url) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    wrapSerializers: false,
  });
  return [identify, log as unknown as RequestHandler];
}

/**
 * Re-enters the request's context after a body parser: its callbacks run from the socket's
 * events, outside the context the request began in (AsyncLocalStorage follows async calls,
 * not stream events).
 */
export const reenterRequest: RequestHandler = (req, _res, next) => {
  const requestId = (req as IncomingMessage & { id?: string }).id;
  if (requestId) runInRequest({ requestId }, next);
  else next();
};
