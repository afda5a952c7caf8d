import { onTestFinished } from 'vitest';
import { renderOverlay } from '../../../extension/features/action-step-overlay/overlay-view.ts';
import type { OverlayState } from '../../../extension/features/action-step-overlay/overlay-state.ts';

/** Draws the overlay into the test document; it is taken down when the test finishes. */
export function drawOverlay(overlay: OverlayState): { container: HTMLElement; takeDown(): void } {
  const container = document.createElement('div');
  document.body.append(container);
  const controller = new AbortController();
  renderOverlay(container, overlay, controller.signal);
  onTestFinished(() => {
    controller.abort();
    container.remove();
  });
  return { container, takeDown: () => controller.abort() };
}
