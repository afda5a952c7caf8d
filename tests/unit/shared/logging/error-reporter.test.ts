import { describe, expect, it, vi } from 'vitest';
import { createErrorReporter } from '../../../../shared/logging/error-reporter.ts';

function reporter() {
  const log = { error: vi.fn() };
  return { log, ...createErrorReporter('test-app', log) };
}

/** What a browser dispatches for a rejected promise nobody handled (jsdom has no PromiseRejectionEvent). */
function rejection(reason: unknown): Event {
  return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
}

function uncaught(error: unknown): Event {
  return Object.assign(new Event('error', { cancelable: true }), { error });
}

describe('error reporter', () => {
  it('logs an error once, naming the app and where it happened', () => {
    const { log, reportError } = reporter();
    const error = new Error('IndexedDB is closed');

    reportError('check-ins', error);
    reportError('check-ins', error);
    reportError('message', error);

    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith('[test-app] check-ins:', error);
  });

  it('logs a second throw from the same line with the same message once, and a different error again', () => {
    const { log, reportError } = reporter();
    const fail = (message: string) => new Error(message);

    // One call site, as when the same sync keeps failing the same way.
    for (const message of ['offline', 'offline', 'server']) reportError('sync', fail(message));

    expect(log.error.mock.calls.map(([, error]) => (error as Error).message)).toEqual(['offline', 'server']);
  });

  it('logs thrown values that are not errors (they have no stack to tell them apart)', () => {
    const { log, reportError } = reporter();
    reportError('popup', 'no');
    reportError('popup', 'no');
    expect(log.error).toHaveBeenCalledTimes(2);
  });

  it('reports an unhandled rejection with the name it was registered under, once', () => {
    const { log, catchErrors, reportError } = reporter();
    const target = new EventTarget();
    catchErrors('side panel', { target });
    const error = new Error('the overview never came');
    const event = rejection(error);

    target.dispatchEvent(event);
    reportError('side panel', error);

    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith('[test-app] side panel (unhandled rejection):', error);
    // Logged here: the browser's own "Uncaught (in promise)" line would be a second copy.
    expect(event.defaultPrevented).toBe(true);
  });

  it('reports an uncaught error, and ignores error events that carry none (a failed image load)', () => {
    const { log, catchErrors } = reporter();
    const target = new EventTarget();
    catchErrors('options', { target });
    const error = new TypeError('step is null');

    target.dispatchEvent(uncaught(null));
    target.dispatchEvent(uncaught(error));

    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith('[test-app] options (uncaught):', error);
  });

  it('registers once per target: catching twice still logs each error once', () => {
    const { log, catchErrors } = reporter();
    const target = new EventTarget();
    catchErrors('popup', { target });
    catchErrors('popup', { target });

    target.dispatchEvent(rejection(new Error('a')));
    target.dispatchEvent(rejection(new Error('b')));

    expect(log.error).toHaveBeenCalledTimes(2);
  });

  it('stops catching when its signal aborts, and may catch again afterwards', () => {
    const { log, catchErrors } = reporter();
    const target = new EventTarget();
    const controller = new AbortController();
    catchErrors('lesson-plan', { target, signal: controller.signal });
    controller.abort();

    const ignored = rejection(new Error('after the content script was invalidated'));
    target.dispatchEvent(ignored);
    expect(log.error).not.toHaveBeenCalled();
    expect(ignored.defaultPrevented).toBe(false);

    catchErrors('lesson-plan', { target });
    target.dispatchEvent(rejection(new Error('a new context')));
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('leaves errors that are not its own to the page', () => {
    const { log, catchErrors } = reporter();
    const target = new EventTarget();
    const ours = new Error('ours');
    catchErrors('lesson-plan', { target, isOurs: (error) => error === ours });

    const theirs = uncaught(new Error('the page’s own bug'));
    target.dispatchEvent(theirs);
    target.dispatchEvent(uncaught(ours));

    expect(theirs.defaultPrevented).toBe(false);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith('[test-app] lesson-plan (uncaught):', ours);
  });
});
