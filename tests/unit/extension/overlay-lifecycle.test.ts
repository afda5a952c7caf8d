import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mountOverlay } from '../../../extension/features/action-step-overlay/mount-overlay.ts';
import { localOverview } from './coaching-harness.ts';
import { makeStep } from './fake-server.ts';

/** The background, answering `get-overview` with a step as the real listener does. */
function answerWithStep() {
  fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse) => {
    if ((message as { type?: string }).type !== 'get-overview') return;
    sendResponse({ ok: true, overview: localOverview(makeStep()) });
    return true;
  });
}

const overlayIn = (host: Element | null) =>
  host?.shadowRoot?.querySelector('[data-testid="action-step-overlay"]');

describe('overlay lifecycle in the page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    document.body.replaceChildren();
  });

  it('mounts one open shadow root at the end of <body> and leaves the page’s own content alone', async () => {
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    editable.textContent = 'Lesson plan text';
    document.body.append(editable);
    answerWithStep();
    const ctx = new ContentScriptContext('test');

    mountOverlay({ signal: ctx.signal, contentScript: ctx });
    const host = document.querySelector('action-step-coach');
    expect(host?.shadowRoot?.mode).toBe('open');
    expect(document.body.lastElementChild).toBe(host);
    await vi.waitFor(() => expect(overlayIn(host)).toBeTruthy());
    expect(editable.textContent).toBe('Lesson plan text');
    expect(document.querySelectorAll('action-step-coach')).toHaveLength(1);
    ctx.abort();
  });

  it('keeps keys typed in the overlay from reaching the page, and never swallows the page’s own keys', async () => {
    answerWithStep();
    const ctx = new ContentScriptContext('test');
    mountOverlay({ signal: ctx.signal, contentScript: ctx });
    const host = document.querySelector('action-step-coach')!;
    await vi.waitFor(() => expect(overlayIn(host)).toBeTruthy());
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);

    const inOverlay = host.shadowRoot!.querySelector('button')!;
    inOverlay.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', bubbles: true, composed: true }));
    expect(pageKeys).not.toHaveBeenCalled();

    const pageKey = new KeyboardEvent('keydown', { key: 'b', bubbles: true, cancelable: true });
    document.body.dispatchEvent(pageKey);
    expect(pageKeys).toHaveBeenCalledTimes(1);
    expect(pageKey.defaultPrevented).toBe(false);
    document.removeEventListener('keydown', pageKeys);
    ctx.abort();
  });

  it('toggles when the background forwards the keyboard shortcut', async () => {
    answerWithStep();
    const ctx = new ContentScriptContext('test');
    mountOverlay({ signal: ctx.signal, contentScript: ctx });
    const host = document.querySelector('action-step-coach');
    await vi.waitFor(() => expect(overlayIn(host)).toHaveAttribute('data-state', 'expanded'));

    await fakeBrowser.runtime.sendMessage({ type: 'toggle-overlay' }).catch(() => {});
    await vi.waitFor(() => expect(overlayIn(host)).toHaveAttribute('data-state', 'collapsed'));
    ctx.abort();
  });

  it('removes its element and listeners when the extension context is invalidated', async () => {
    answerWithStep();
    const ctx = new ContentScriptContext('test');
    mountOverlay({ signal: ctx.signal, contentScript: ctx });
    const host = document.querySelector('action-step-coach');
    await vi.waitFor(() => expect(overlayIn(host)).toBeTruthy());

    const removeListener = vi.spyOn(fakeBrowser.runtime.onMessage, 'removeListener');
    ctx.notifyInvalidated();
    expect(document.querySelector('action-step-coach')).toBeNull();
    expect(host?.isConnected).toBe(false);
    // The shortcut's message listener went with it.
    expect(removeListener).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the feature is stopped before it mounts', () => {
    const controller = new AbortController();
    controller.abort();
    const ctx = new ContentScriptContext('test');
    mountOverlay({ signal: controller.signal, contentScript: ctx });
    expect(document.querySelector('action-step-coach')).toBeNull();
    ctx.abort();
  });
});
