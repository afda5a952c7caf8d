import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';

/** What a browser dispatches for a rejected promise nobody handled (jsdom has no PromiseRejectionEvent). */
function rejection(reason: unknown): Event {
  return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
}

describe('the LTI pages’ error reporter, wired into each page’s main.ts', () => {
  let added: MockInstance<typeof window.addEventListener>;
  beforeEach(() => {
    // Each page is its own runtime: a fresh copy of lti-tool/web/errors.ts per test.
    vi.resetModules();
    added = vi.spyOn(window, 'addEventListener');
    // A shell whose bootstrap is unusable: main.ts shows a message instead of mounting the page.
    document.body.innerHTML =
      '<main id="app"></main><script type="application/json" id="bootstrap">{}</script>';
  });
  afterEach(() => {
    // Here every page shares jsdom's one window: take each test's listeners away again.
    for (const [type, listener] of added.mock.calls) if (listener) window.removeEventListener(type, listener);
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

  it.each(['coach', 'practice', 'provider', 'teacher'] as const)(
    'the %s page reports an unhandled rejection under its name, once',
    async (page) => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      await import(`../../../../lti-tool/web/pages/${page}/main.ts`);
      const { reportError } = await import('../../../../lti-tool/web/errors.ts');
      const error = new Error(`${page} failed`);
      const event = rejection(error);

      window.dispatchEvent(event);
      reportError(`${page} page`, error);

      const lines = consoleError.mock.calls.filter(([, logged]) => logged === error);
      expect(lines).toEqual([[`[coaching-tool] ${page} page (unhandled rejection):`, error]]);
      expect(event.defaultPrevented).toBe(true);
    },
  );
});
