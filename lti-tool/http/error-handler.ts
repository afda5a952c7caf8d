import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError } from '../../shared/domain/errors.ts';
import type { ApiErrorBody } from '../../shared/protocol/api.ts';
import { MAX_BODY_BYTES } from '../../shared/protocol/api.ts';
import { statusFor } from './error-status.ts';
import type { Logger } from '../core/logger.ts';

function body(code: string, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** The 4xx status an error from Express or its body parsers carries (http-errors), if any. */
function clientErrorStatus(error: unknown): number | null {
  const { status, statusCode, expose } = (error ?? {}) as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code >= 500) return null;
  // Express's own "Failed to decode param" is a URIError with status 400 and no `expose`.
  return expose === true || error instanceof URIError ? code : null;
}

export interface ErrorHandlerOptions {
  /** The store could not take the write now (e.g. SQLite busy): 503, try again; nothing was saved. */
  isBusy?: (error: unknown) => boolean;
}

/** Known errors keep their message; anything else is logged and answered without details. */
export function errorHandler(logger: Logger, options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    // Refused before its body was read (an upload too large or of the wrong type): the connection
    // closes after the answer, rather than waiting for a body no one will read.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (error instanceof DomainError) {
      res.status(statusFor(error)).json(body(error.code, error.message));
      return;
    }
    const type = (error as { type?: string } | null)?.type;
    if (type === 'entity.too.large') {
      const limit = (error as { limit?: unknown }).limit;
      const kb = typeof limit === 'number' ? limit : MAX_BODY_BYTES;
      res
        .status(413)
        .json(body('payload-too-large', `Request body is larger than ${Math.round(kb / 1024)} kB.`));
      return;
    }
    if (type === 'entity.parse.failed') {
      res.status(400).json(body('invalid-input', 'Request body is not valid JSON.'));
      return;
    }
    const status = clientErrorStatus(error);
    if (status !== null) {
      // Express and its parsers flag what the client got wrong (a path that is not valid
      // percent-encoding, an unsupported charset…): say so, and keep the cause in the log.
      logger.info('request refused', { path: req.path, status, error });
      res
        .status(status)
        .json(body('invalid-input', 'This request is malformed. Check the address and try again.'));
      return;
    }
    if (options.isBusy?.(error)) {
      // Nothing was stored; the client's outbox or the person can simply try again.
      logger.error('database busy', { path: req.path, error });
      res.setHeader('Retry-After', '2');
      res.status(503).json(body('busy', 'The server is busy. Nothing was saved; please try again.'));
      return;
    }
    logger.error('unhandled error', { path: req.path, error });
    res.status(500).json(body('internal', 'Something went wrong on our side. Please try again.'));
  };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(body('not-found', `No such endpoint: ${req.method} ${req.path}`));
};
