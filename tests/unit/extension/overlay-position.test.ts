import { fireEvent, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OverlayState } from '../../../extension/features/action-step-overlay/overlay-state.ts';
import {
  KEY_STEP,
  LARGE_KEY_STEP,
  clampPosition,
  createPositionStore,
  nudge,
  readPositions,
} from '../../../extension/features/action-step-overlay/position.ts';
import { overlayPositionsItem } from '../../../extension/storage.ts';
import type { ExtensionResponse } from '../../../shared/protocol/messages.ts';
import { localOverview } from './coaching-harness.ts';
import { makeStep } from './fake-server.ts';
import { drawOverlay } from './overlay-harness.ts';

const VIEWPORT = { width: 1000, height: 800 };
const SIZE = { width: 300, height: 200 };

describe('overlay position', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it.each([
    [
      { x: 10, y: 20 },
      { x: 10, y: 20 },
    ],
    [
      { x: -50, y: -5 },
      { x: 0, y: 0 },
    ],
    [
      { x: 900, y: 700 },
      { x: 700, y: 600 },
    ],
    [
      { x: 12.6, y: 3.2 },
      { x: 13, y: 3 },
    ],
  ])('clamps %o to %o inside the viewport', (point, expected) => {
    expect(clampPosition(point, SIZE, VIEWPORT)).toEqual(expected);
  });

  it('pins an overlay larger than the viewport to the top-left corner', () => {
    expect(clampPosition({ x: 40, y: 40 }, { width: 2000, height: 900 }, VIEWPORT)).toEqual({ x: 0, y: 0 });
  });

  it('moves by arrow keys only, further with Shift', () => {
    expect(nudge({ x: 100, y: 100 }, 'ArrowLeft', false)).toEqual({ x: 100 - KEY_STEP, y: 100 });
    expect(nudge({ x: 100, y: 100 }, 'ArrowDown', true)).toEqual({ x: 100, y: 100 + LARGE_KEY_STEP });
    expect(nudge({ x: 100, y: 100 }, 'a', false)).toBeNull();
    expect(nudge({ x: 100, y: 100 }, 'Enter', false)).toBeNull();
  });

  it('drops malformed stored positions', () => {
    expect(
      readPositions({
        'a.example': { x: 1, y: 2 },
        'b.example': { x: '1', y: 2 },
        'c.example': { x: Number.NaN, y: 2 },
        'd.example': null,
      }),
    ).toEqual({ 'a.example': { x: 1, y: 2 } });
    expect(readPositions('nonsense')).toEqual({});
  });

  it('remembers a position per hostname in storage', async () => {
    const docs = createPositionStore(overlayPositionsItem, 'docs.google.com');
    const chat = createPositionStore(overlayPositionsItem, 'chatgpt.com');
    await docs.save({ x: 10.4, y: 20 });
    await chat.save({ x: 500, y: 30 });
    expect(await docs.load()).toEqual({ x: 10, y: 20 });
    expect(await chat.load()).toEqual({ x: 500, y: 30 });
    expect(await createPositionStore(overlayPositionsItem, 'www.tes.com').load()).toBeNull();
  });
});

describe('overlay drag handle', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  async function showOverlay() {
    const send = vi.fn(async (): Promise<ExtensionResponse> => ({
      ok: true,
      overview: localOverview(makeStep()),
    }));
    const positions = createPositionStore(overlayPositionsItem, 'docs.google.com');
    const overlay = new OverlayState({ send, positions });
    const controller = new AbortController();
    overlay.connect(controller.signal);
    drawOverlay(overlay);
    const handle = await screen.findByRole('button', { name: 'Move your action step' });
    return { overlay, handle, positions, root: screen.getByTestId('action-step-overlay') };
  }

  it('has a described move handle beside the toggle', async () => {
    const { handle } = await showOverlay();
    expect(handle).toHaveAccessibleDescription(/arrow keys/);
    expect(screen.getByRole('button', { name: 'Your action step' })).toBeInTheDocument();
  });

  it('moves with arrow keys, saves the position, and leaves other keys alone', async () => {
    const { handle, root, positions } = await showOverlay();
    expect(root).not.toHaveAttribute('data-placed');

    const notHandled = new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true });
    handle.dispatchEvent(notHandled);
    expect(notHandled.defaultPrevented).toBe(false);
    expect(root).not.toHaveAttribute('data-placed');

    // jsdom has no layout: the overlay sits at (0, 0) with no size, in a 1024 × 768 window.
    const arrow = new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true });
    handle.dispatchEvent(arrow);
    expect(arrow.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(root).toHaveAttribute('data-placed'));
    expect(root.style.left).toBe(`${KEY_STEP}px`);
    expect(root.style.top).toBe('0px');
    await vi.waitFor(async () => expect(await positions.load()).toEqual({ x: KEY_STEP, y: 0 }));
  });

  it('never places the overlay outside the window', async () => {
    const { handle, root } = await showOverlay();
    await fireEvent.keyDown(handle, { key: 'ArrowUp', shiftKey: true });
    await fireEvent.keyDown(handle, { key: 'ArrowLeft', shiftKey: true });
    await vi.waitFor(() => expect(root).toHaveAttribute('data-placed'));
    expect(root.style.left).toBe('0px');
    expect(root.style.top).toBe('0px');
  });

  it('starts where the teacher left it on this site', async () => {
    await createPositionStore(overlayPositionsItem, 'docs.google.com').save({ x: 120, y: 80 });
    const { root } = await showOverlay();
    await vi.waitFor(() => expect(root.style.left).toBe('120px'));
    expect(root.style.top).toBe('80px');
  });

  it('follows a pointer drag on the handle and saves where it is dropped', async () => {
    const { overlay, positions } = await showOverlay();
    overlay.startDrag({ x: 10, y: 10 }, { x: 0, y: 0 });
    overlay.dragTo({ x: 210, y: 110 }, SIZE, VIEWPORT);
    overlay.dragTo({ x: 2000, y: 150 }, SIZE, VIEWPORT);
    expect(overlay.position).toEqual({ x: 700, y: 140 });
    overlay.endDrag();
    await vi.waitFor(async () => expect(await positions.load()).toEqual({ x: 700, y: 140 }));
    // A move after the drag ended does nothing.
    overlay.dragTo({ x: 50, y: 50 }, SIZE, VIEWPORT);
    expect(overlay.position).toEqual({ x: 700, y: 140 });
  });
});
