import { createErrorReporter } from '../shared/logging/error-reporter.ts';

/**
 * The extension's one error reporter. Every runtime (the background, each content script, each
 * extension page) loads its own copy of this module, so each logs an error once, as
 * `[action-step-coach] <where>: <error>`. Entrypoints call `catchErrors` once at start-up.
 */
export const { reportError, catchErrors } = createErrorReporter('action-step-coach');

/**
 * For a content script, which shares the page's window: only errors thrown by this extension's
 * own files (their stack names `origin`, e.g. `chrome-extension://<id>/`) are ours to report.
 */
export function thrownByExtension(origin: string): (error: unknown) => boolean {
  return (error) => error instanceof Error && typeof error.stack === 'string' && error.stack.includes(origin);
}
