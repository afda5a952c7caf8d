import { browser } from 'wxt/browser';
import type { FeatureContext } from '../types.ts';
import { OverlayState } from './overlay-state.ts';
import { renderOverlay } from './overlay-view.ts';
import { renderPairHint } from './pair-hint-view.ts';
import { createShadowHost } from './shadow-host.ts';
import { isToggleOverlayMessage } from './toggle-message.ts';

/**
 * Mounts the overlay (or, unpaired with no step, the hint to connect) in an open shadow root
 * (styles isolated, and tests can pierce it), and toggles it when the background forwards the
 * keyboard shortcut. Everything goes on `signal`.
 */
export function mountOverlay({ signal }: FeatureContext): void {
  const overlay = new OverlayState();
  if (signal.aborted) return;
  const container = createShadowHost('action-step-coach', signal);
  renderOverlay(container, overlay, signal);
  renderPairHint(container, overlay, signal);
  overlay.connect(signal);
  const onMessage = (message: unknown) => {
    if (isToggleOverlayMessage(message)) overlay.toggle();
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage), { once: true });
}
