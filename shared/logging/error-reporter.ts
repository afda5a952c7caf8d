/** Where a reporter writes: `console` in a browser, a spy in tests. */
export interface ErrorLog {
  error(...data: unknown[]): void;
}

export interface CatchErrorsOptions {
  /** Whose events to catch: the page's window, or the worker's global scope (the default). */
  target?: EventTarget;
  /** Stops catching when it aborts: a content script's context, a component's lifetime. */
  signal?: AbortSignal;
  /**
   * Whether an uncaught error is this code's to report. A content script shares the page's
   * window, so it reports only errors thrown by its own files, never the page's.
   */
  isOurs?: (error: unknown) => boolean;
}

export interface ErrorReporter {
  /** Logs `error` once, naming `where` it happened: a feature id, a page, a service. */
  reportError(where: string, error: unknown): void;
  /**
   * Reports uncaught errors and unhandled promise rejections on `target` as `where`. Registered
   * once per target: a second call while the first is still catching does nothing.
   */
  catchErrors(where: string, options?: CatchErrorsOptions): void;
}

/** Two throws from the same line with the same message share this key (Firefox stacks omit the message). */
function stackKey(error: unknown): string | null {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return null;
  return `${error.name}: ${error.message}\n${error.stack}`;
}

/**
 * One error reporter per runtime (a page, a worker, a content script), after refined-github's
 * `helpers/errors.ts`: every error is logged once, with the app and the place it came from in
 * the log line, and uncaught errors and rejections end up in the same place. The caller builds
 * one per runtime (extension/errors.ts, lti-tool/web/errors.ts); the seen-sets live in it.
 */
export function createErrorReporter(app: string, log: ErrorLog = console): ErrorReporter {
  const seenErrors = new WeakSet<object>();
  const seenStacks = new Set<string>();
  const catching = new WeakSet<EventTarget>();

  function firstTime(error: unknown): boolean {
    if (typeof error === 'object' && error !== null) {
      if (seenErrors.has(error)) return false;
      seenErrors.add(error);
    }
    const key = stackKey(error);
    if (key === null) return true;
    if (seenStacks.has(key)) return false;
    seenStacks.add(key);
    return true;
  }

  function reportError(where: string, error: unknown): void {
    if (firstTime(error)) log.error(`[${app}] ${where}:`, error);
  }

  function catchErrors(where: string, options: CatchErrorsOptions = {}): void {
    const { target = globalThis, signal, isOurs = () => true } = options;
    if (signal?.aborted || catching.has(target)) return;
    catching.add(target);
    signal?.addEventListener('abort', () => catching.delete(target), { once: true });

    target.addEventListener(
      'error',
      (event) => {
        // Read once. A failed resource load or a cross-origin script's error carries no error.
        const { error } = event as ErrorEvent;
        if (error === undefined || error === null || !isOurs(error)) return;
        reportError(`${where} (uncaught)`, error);
        // Logged above, once: the browser need not print it a second time.
        event.preventDefault();
      },
      { signal },
    );
    target.addEventListener(
      'unhandledrejection',
      (event) => {
        const { reason } = event as PromiseRejectionEvent;
        if (!isOurs(reason)) return;
        reportError(`${where} (unhandled rejection)`, reason);
        event.preventDefault();
      },
      { signal },
    );
  }

  return { reportError, catchErrors };
}
