import { checkBackCue, localDay } from '../../../shared/domain/coaching/check-back-cue.ts';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import { h } from './dom.ts';
import styles from './overlay.css?inline';
import type { OverlayState } from './overlay-state.ts';
import type { Point, Size } from './position.ts';

let overlays = 0;

/**
 * The overlay, drawn with DOM calls rather than a component framework: it runs inside every
 * lesson-planning page, and Svelte's runtime was most of the content script's compile and
 * start-up cost on a heavy page (tests/bench/heavy-page-cost.ts). The extension's own pages
 * (popup, side panel, options) stay Svelte. The overlay shows nothing without a step; the one
 * exception, drawn beside it, is the dismissible hint to connect an extension that is neither
 * paired nor holding a step (pair-hint-view.ts). Everything it attaches goes with `signal`.
 */
export function renderOverlay(container: HTMLElement, overlay: OverlayState, signal: AbortSignal): void {
  const id = `action-step-coach-${++overlays}`;
  const toggle = h(
    'button',
    { id: `${id}-toggle`, type: 'button', class: 'toggle', 'aria-controls': `${id}-panel` },
    h('span', {}, 'Your action step'),
    h('span', { class: 'chevron', 'aria-hidden': 'true' }),
  );
  const handle = h(
    'button',
    {
      type: 'button',
      class: 'handle',
      'aria-label': 'Move your action step',
      'aria-describedby': `${id}-move-hint`,
      'data-testid': 'overlay-move-handle',
    },
    h('span', { class: 'grip', 'aria-hidden': 'true' }),
  );
  const title = h('h3', { id: `${id}-title`, class: 'title' });
  const criteria = h('ul', { 'aria-labelledby': `${id}-criteria` });
  const whenToPractise = document.createTextNode('');
  const checkBack = h('p', { class: 'check-back', 'data-testid': 'overlay-check-back' });
  const panel = h(
    'div',
    { id: `${id}-panel`, class: 'panel' },
    h(
      'article',
      { class: 'card', 'aria-labelledby': `${id}-title` },
      title,
      h('p', { class: 'label', id: `${id}-criteria` }, 'Success criteria'),
      criteria,
      h('p', {}, h('span', { class: 'label' }, 'When to practise'), ' ', whenToPractise),
      checkBack,
    ),
  );
  // Disclosure pattern: a heading wraps the toggle, so the name stays "Your action step".
  const root = h(
    'aside',
    { class: 'overlay', 'data-testid': 'action-step-overlay', 'aria-labelledby': `${id}-toggle` },
    h('div', { class: 'bar' }, h('h2', { class: 'header' }, toggle), handle),
    h(
      'p',
      { id: `${id}-move-hint`, hidden: true },
      'Drag, or use the arrow keys (with Shift for bigger steps).',
    ),
    panel,
  );
  container.append(h('style', {}, styles));

  let measured: Size = { width: 0, height: 0 };
  let viewport: Size | null = null;
  let shownStep: ActionStep | null = null;

  const readViewport = (): Size => (viewport = { width: window.innerWidth, height: window.innerHeight });
  const origin = (): Point => {
    const rect = root.getBoundingClientRect();
    return { x: rect.left, y: rect.top };
  };
  const size = (): Size => {
    const rect = root.getBoundingClientRect();
    return (measured = { width: rect.width, height: rect.height });
  };

  const render = () => {
    const step = overlay.step;
    if (!step) {
      root.remove();
      shownStep = null;
      return;
    }
    if (step !== shownStep) {
      shownStep = step;
      title.textContent = step.title;
      criteria.replaceChildren(...step.successCriteria.map((criterion) => h('li', {}, criterion)));
      whenToPractise.data = step.whenToPractise;
      checkBack.textContent = step.checkBackOn ? checkBackCue(step.checkBackOn, localDay(new Date())) : '';
      checkBack.hidden = !step.checkBackOn;
    }
    root.dataset.state = overlay.expanded ? 'expanded' : 'collapsed';
    toggle.setAttribute('aria-expanded', String(overlay.expanded));
    panel.hidden = !overlay.expanded;
    // Re-clamped whenever the viewport or the overlay (expanded, collapsed) changes size. Only a
    // moved overlay reads the window's size (which can force a layout).
    const placed = overlay.position && overlay.placement(measured, viewport ?? readViewport());
    if (placed) {
      root.dataset.placed = '';
      root.style.left = `${placed.x}px`;
      root.style.top = `${placed.y}px`;
    } else {
      delete root.dataset.placed;
      root.style.removeProperty('left');
      root.style.removeProperty('top');
    }
    if (!root.isConnected) container.append(root);
  };

  // A card taller than its room (a phone's bottom sheet) scrolls inside the panel: then the panel
  // takes focus, so the keyboard scrolls it too. Its room only changes with the overlay's size.
  const markScrolling = () => {
    if (!panel.hidden && panel.scrollHeight > panel.clientHeight) panel.tabIndex = 0;
    else panel.removeAttribute('tabindex');
  };

  // Measured after the browser's own layout, never by forcing one at mount: on a heavy page a
  // forced layout of the whole document costs milliseconds. It reports the first size, then
  // every change (expanded, collapsed, a new step, a narrower window).
  const resizes = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1]?.borderBoxSize[0];
    if (!box) return;
    measured = { width: box.inlineSize, height: box.blockSize };
    // Layout is fresh here, so reading the viewport and the panel's scroll height costs nothing.
    readViewport();
    markScrolling();
    render();
  });
  resizes.observe(root);

  const on = { signal };
  window.addEventListener(
    'resize',
    () => {
      readViewport();
      render();
    },
    on,
  );
  toggle.addEventListener('click', () => overlay.toggle(), on);
  handle.addEventListener(
    'pointerdown',
    (event) => {
      if (event.button !== 0) return;
      handle.setPointerCapture(event.pointerId);
      overlay.startDrag({ x: event.clientX, y: event.clientY }, origin());
    },
    on,
  );
  handle.addEventListener(
    'pointermove',
    (event) => overlay.dragTo({ x: event.clientX, y: event.clientY }, size(), readViewport()),
    on,
  );
  handle.addEventListener('pointerup', () => overlay.endDrag(), on);
  handle.addEventListener('pointercancel', () => overlay.endDrag(), on);
  handle.addEventListener(
    'keydown',
    (event) => {
      // Only our own handle, only arrow keys: every other key is left to the page.
      if (overlay.moveByKey(event.key, event.shiftKey, origin(), size(), readViewport()))
        event.preventDefault();
    },
    on,
  );

  const unsubscribe = overlay.subscribe(render);
  signal.addEventListener(
    'abort',
    () => {
      unsubscribe();
      resizes.disconnect();
      root.remove();
    },
    { once: true },
  );
  render();
}
