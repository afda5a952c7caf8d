/** The page's own styles stop at the shadow root; this stops inherited ones (font, colour) too. */
const RESET = ':host{all:initial !important;}';
/** Keys typed in our own controls must not reach the page's shortcut handlers (Google Docs, Office). */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

/**
 * An open shadow root on a custom element at the end of <body>: styles isolated both ways, no
 * innerHTML (Trusted Types pages allow none), and removed with everything it attached when
 * `signal` aborts (navigation away, site switched off, extension context invalidated).
 * What is drawn in it brings its own styles as a <style> element, so the content
 * script fetches no stylesheet and needs no web-accessible resource, on added sites too.
 * A few lines in place of WXT's createShadowRootUi, which costs the content script ~2 kB gzip.
 */
export function createShadowHost(name: string, signal: AbortSignal): HTMLElement {
  const host = document.createElement(name);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = RESET;
  const container = document.createElement('div');
  shadow.append(style, container);
  for (const type of ISOLATED_EVENTS) {
    host.addEventListener(type, (event) => event.stopPropagation(), { signal });
  }
  document.body.append(host);
  signal.addEventListener('abort', () => host.remove(), { once: true });
  return container;
}
