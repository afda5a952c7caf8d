import { fireEvent, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OverlayState } from '../../../extension/features/action-step-overlay/overlay-state.ts';
import { stepRevisionItem } from '../../../extension/storage.ts';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { ExtensionRequest, ExtensionResponse } from '../../../shared/protocol/messages.ts';
import { localOverview } from './coaching-harness.ts';
import { makeStep } from './fake-server.ts';
import { drawOverlay } from './overlay-harness.ts';

function backgroundWith(step: ActionStep | null) {
  const requests: ExtensionRequest[] = [];
  const send = vi.fn(async (request: ExtensionRequest): Promise<ExtensionResponse> => {
    requests.push(request);
    return {
      ok: true,
      overview: localOverview(step),
    };
  });
  return { send, requests };
}

function memoryFlag(initial: boolean) {
  let value = initial;
  return {
    getValue: async () => value,
    setValue: async (next: boolean) => {
      value = next;
    },
    get value() {
      return value;
    },
  };
}

async function showOverlay(step: ActionStep | null, collapsed = memoryFlag(false)) {
  const { send } = backgroundWith(step);
  const overlay = new OverlayState({ send, collapsed });
  const controller = new AbortController();
  overlay.connect(controller.signal);
  const { container, takeDown } = drawOverlay(overlay);
  await vi.waitFor(() => expect(send).toHaveBeenCalled());
  return { container, takeDown, overlay, send, collapsed, controller };
}

describe('action-step overlay', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('shows nothing when there is no step', async () => {
    const { overlay } = await showOverlay(null);
    await vi.waitFor(() => expect(overlay.loaded).toBe(true));
    expect(screen.queryByTestId('action-step-overlay')).toBeNull();
  });

  it('shows the step under "Your action step", with a toggle wired to its panel', async () => {
    await showOverlay(makeStep());
    const root = await screen.findByTestId('action-step-overlay');
    const toggle = screen.getByRole('button', { name: 'Your action step' });

    expect(root).toHaveAttribute('data-state', 'expanded');
    expect(screen.getByRole('heading', { level: 2, name: 'Your action step' })).toContainElement(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(panel).not.toBeNull();
    expect(panel).toBeVisible();
    expect(panel).toHaveTextContent(makeStep().title);
    expect(panel).toHaveTextContent('Every student writing by 60 seconds');
  });

  it('collapses to a pill and expands again, remembering the choice', async () => {
    const { collapsed } = await showOverlay(makeStep());
    const toggle = await screen.findByRole('button', { name: 'Your action step' });
    const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '');

    await fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByTestId('action-step-overlay')).toHaveAttribute('data-state', 'collapsed');
    expect(panel).not.toBeVisible();
    expect(collapsed.value).toBe(true);

    await fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(panel).toBeVisible();
    expect(collapsed.value).toBe(false);
  });

  it('starts collapsed when the teacher collapsed it before', async () => {
    await showOverlay(makeStep(), memoryFlag(true));
    const toggle = await screen.findByRole('button', { name: 'Your action step' });
    await vi.waitFor(() => expect(toggle).toHaveAttribute('aria-expanded', 'false'));
  });

  it('renders user text literally, never as HTML', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = await showOverlay(makeStep({ title: hostile, successCriteria: ['<b>bold?</b>'] }));
    await screen.findByTestId('action-step-overlay');
    expect(screen.getByRole('heading', { level: 3 })).toHaveTextContent(hostile);
    expect(screen.getByText('<b>bold?</b>')).toBeInTheDocument();
    expect(container.querySelector('img, b')).toBeNull();
  });

  it('asks the background again when the step revision changes, until aborted', async () => {
    const { send, controller } = await showOverlay(makeStep());
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(1));

    await stepRevisionItem.setValue(1);
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    expect(send).toHaveBeenLastCalledWith({ type: 'get-overview' });

    controller.abort();
    await stepRevisionItem.setValue(2);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('redraws for a new step, disappears when there is none, and is gone once taken down', async () => {
    let current: ActionStep | null = makeStep();
    const send = vi.fn(async () => ({ ok: true, overview: localOverview(current) }));
    const overlay = new OverlayState({ send, collapsed: memoryFlag(false) });
    overlay.connect(new AbortController().signal);
    const { container, takeDown } = drawOverlay(overlay);
    await screen.findByRole('heading', { level: 3, name: makeStep().title });

    current = makeStep({ title: 'Narrate the positive', successCriteria: ['One', 'Two', 'Three'] });
    await overlay.refresh();
    expect(screen.getByRole('heading', { level: 3 })).toHaveTextContent('Narrate the positive');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['One', 'Two', 'Three']);

    current = null;
    await overlay.refresh();
    expect(screen.queryByTestId('action-step-overlay')).toBeNull();

    current = makeStep();
    await overlay.refresh();
    const toggle = screen.getByRole('button', { name: 'Your action step' });
    takeDown();
    expect(container.querySelector('[data-testid="action-step-overlay"]')).toBeNull();
    // Nothing is left listening: the state no longer redraws a detached overlay.
    await fireEvent.click(toggle);
    expect(overlay.expanded).toBe(true);
  });
});
