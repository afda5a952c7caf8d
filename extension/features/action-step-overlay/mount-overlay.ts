import { mount, unmount } from 'svelte';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { FeatureContext } from '../types.ts';
import Overlay from './overlay.svelte';
import { OverlayState } from './overlay-state.svelte.ts';

/**
 * Mounts the overlay in an open shadow root (styles isolated, and tests can pierce it).
 * isolateEvents keeps Google Docs from swallowing keystrokes aimed at our buttons.
 */
export async function mountOverlay({ signal, contentScript }: FeatureContext): Promise<void> {
  const overlay = new OverlayState();
  const ui = await createShadowRootUi(contentScript, {
    name: 'action-step-coach',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    isolateEvents: true,
    onMount: (container) => mount(Overlay, { target: container, props: { overlay } }),
    onRemove: (app) => {
      if (app) void unmount(app);
    },
  });
  if (signal.aborted) return;
  ui.mount();
  overlay.connect(signal);
  signal.addEventListener('abort', () => ui.remove(), { once: true });
}
