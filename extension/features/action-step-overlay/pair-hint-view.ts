import { h } from './dom.ts';
import type { OverlayState } from './overlay-state.ts';

/**
 * "Connect to see your action step": a small pill where the overlay would be, shown while the
 * extension is neither paired nor holding a step of its own (OverlayState.showsPairHint). Its
 * button asks the background to open the options page; the × hides it on this site for good.
 * Like the overlay, it reads nothing from the page. Drawn into the overlay's shadow root, whose
 * <style> (overlay.css) it shares.
 */
export function renderPairHint(container: HTMLElement, overlay: OverlayState, signal: AbortSignal): void {
  const connect = h('button', { type: 'button', class: 'toggle' }, 'Connect to see your action step');
  const dismiss = h(
    'button',
    { type: 'button', class: 'handle dismiss', 'aria-label': 'Hide this hint on this site' },
    h('span', { class: 'cross', 'aria-hidden': 'true' }),
  );
  // The overlay's collapsed pill, so it shares its look, colours and corner.
  const root = h(
    'aside',
    { class: 'overlay', 'data-state': 'collapsed', 'aria-label': 'Action Step Coach' },
    h('div', { class: 'bar' }, connect, dismiss),
  );

  const render = () => {
    if (!overlay.showsPairHint) root.remove();
    else if (!root.isConnected) container.append(root);
  };
  connect.addEventListener('click', () => void overlay.openOptions(), { signal });
  dismiss.addEventListener('click', () => void overlay.dismissPairHint(), { signal });
  const unsubscribe = overlay.subscribe(render);
  signal.addEventListener(
    'abort',
    () => {
      unsubscribe();
      root.remove();
    },
    { once: true },
  );
  render();
}
