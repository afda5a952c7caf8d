import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { thrownByExtension } from '../../../extension/errors.ts';

const ORIGIN = fakeBrowser.runtime.getURL('/');

/** What a browser dispatches for a rejected promise nobody handled (jsdom has no PromiseRejectionEvent). */
function rejection(reason: unknown): Event {
  return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
}

function uncaught(error: unknown): Event {
  return Object.assign(new Event('error', { cancelable: true }), { error });
}

/** An error as a stack trace shows it when thrown from `file`. */
function thrownIn(file: string, message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}\n    at update (${file}:1:200)`;
  return error;
}

describe('the extension’s error reporter, wired into each entrypoint', () => {
  let added: MockInstance<typeof window.addEventListener>;
  beforeEach(() => {
    fakeBrowser.reset();
    // Each entrypoint is its own runtime: a fresh copy of extension/errors.ts per test.
    vi.resetModules();
    added = vi.spyOn(window, 'addEventListener');
  });
  afterEach(() => {
    // Here every entrypoint shares jsdom's one window: take each test's listeners away again.
    for (const [type, listener] of added.mock.calls) if (listener) window.removeEventListener(type, listener);
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

  it.each(['popup', 'options', 'sidepanel'] as const)(
    'the %s page reports an unhandled rejection under its name, once',
    async (page) => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      // No #app element: main.ts only registers the reporter, it mounts nothing.
      await import(`../../../extension/entrypoints/${page}/main.ts`);
      const { reportError } = await import('../../../extension/errors.ts');
      const error = new Error(`${page} failed`);

      window.dispatchEvent(rejection(error));
      reportError(page, error);

      const lines = consoleError.mock.calls.filter(([, logged]) => logged === error);
      expect(lines).toEqual([[`[action-step-coach] ${page} (unhandled rejection):`, error]]);
    },
  );

  it('the background reports uncaught errors in the worker as "background"', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    // fakeBrowser implements neither commands nor permissions (as in background.test.ts); the
    // site-script sync that then fails on `scripting` is reported, and filtered out below.
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => {});
    const { default: background } = await import('../../../extension/entrypoints/background.ts');
    background.main();
    const error = new TypeError('alarm handler broke');

    globalThis.dispatchEvent(uncaught(error));

    const lines = consoleError.mock.calls.filter(([, logged]) => logged === error);
    expect(lines).toEqual([['[action-step-coach] background (uncaught):', error]]);
  });

  it('the content script reports only its own errors, and stops when its context is invalidated', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { default: contentScript } = await import('../../../extension/entrypoints/lesson-plan.content.ts');
    const ctx = new ContentScriptContext('lesson-plan');
    await contentScript.main(ctx);

    const ours = thrownIn(`${ORIGIN}content-scripts/lesson-plan.js`, 'overlay broke');
    const pages = thrownIn('https://docs.google.com/static/editor.js', 'the editor broke');
    const pageEvent = uncaught(pages);
    window.dispatchEvent(pageEvent);
    window.dispatchEvent(rejection(ours));

    expect(pageEvent.defaultPrevented).toBe(false);
    expect(consoleError.mock.calls).toEqual([
      ['[action-step-coach] lesson-plan (unhandled rejection):', ours],
    ]);

    ctx.abort();
    window.dispatchEvent(rejection(thrownIn(`${ORIGIN}content-scripts/lesson-plan.js`, 'after reload')));
    expect(consoleError).toHaveBeenCalledTimes(1);
  });
});

describe('thrownByExtension', () => {
  const ours = thrownByExtension('chrome-extension://abcdefghijklmnop/');

  it('tells the extension’s errors from the page’s by the file in the stack', () => {
    expect(ours(thrownIn('chrome-extension://abcdefghijklmnop/content-scripts/lesson-plan.js', 'a'))).toBe(
      true,
    );
    expect(ours(thrownIn('https://lessons.example.org/app.js', 'b'))).toBe(false);
    expect(ours(thrownIn('chrome-extension://another-extension/content.js', 'c'))).toBe(false);
    expect(ours('a string rejection says nothing about where it came from')).toBe(false);
  });
});
