import { fireEvent, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OverlayState } from '../../../extension/features/action-step-overlay/overlay-state.ts';
import { renderOverlay } from '../../../extension/features/action-step-overlay/overlay-view.ts';
import { renderPairHint } from '../../../extension/features/action-step-overlay/pair-hint-view.ts';
import { createCoachingService } from '../../../extension/services/coaching-service.ts';
import { createMessageListener } from '../../../extension/services/message-listener.ts';
import { createStorageSettings } from '../../../extension/services/settings.ts';
import { pairHintDismissedValue } from '../../../extension/features/site-access/content-storage.ts';
import { pairHintDismissedItem, stepRevisionItem } from '../../../extension/storage.ts';
import { openCoachingDb } from '../../../shared/data/db.ts';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { ExtensionRequest, Overview } from '../../../shared/protocol/messages.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { EXTENSION_ORIGIN, localOverview } from './coaching-harness.ts';
import { SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

const HINT = 'Connect to see your action step';

const pairedOverview = (step: ActionStep | null): Overview => ({
  ...localOverview(step),
  mode: 'paired',
  serverUrl: SERVER_URL,
  teacherName: 'Ada Lovelace',
  syncState: 'synced',
});

/** A stand-in background whose overview a test changes, then announces with a step revision. */
function background(initial: Overview) {
  let overview = initial;
  const requests: ExtensionRequest[] = [];
  const send = vi.fn(async (request: ExtensionRequest) => {
    requests.push(request);
    return { ok: true, overview };
  });
  return {
    send,
    requests,
    async change(next: Overview) {
      overview = next;
      await stepRevisionItem.setValue((await stepRevisionItem.getValue()) + 1);
    },
  };
}

/**
 * The real stored dismissals, read only once the test opens the gate: a test then knows the
 * overlay has its answer (it notifies after reading) before checking that nothing is shown.
 */
function gatedDismissals() {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const getValue = vi.fn(() => gate.then(() => pairHintDismissedValue.getValue()));
  return { store: { getValue, setValue: pairHintDismissedValue.setValue }, getValue, open: () => open() };
}

/** Opens the gate and waits until the overlay has drawn what the dismissals say. */
async function answerDismissals(overlay: OverlayState, dismissals: ReturnType<typeof gatedDismissals>) {
  await vi.waitFor(() => expect(dismissals.getValue).toHaveBeenCalledTimes(1));
  const drawn = vi.fn();
  overlay.subscribe(drawn);
  dismissals.open();
  await vi.waitFor(() => expect(drawn).toHaveBeenCalled());
}

/** The overlay and its hint as the content script mounts them on a page of `site`. */
async function showOn(
  site: string,
  bg: ReturnType<typeof background>,
  dismissedHints?: ReturnType<typeof gatedDismissals>['store'],
) {
  const overlay = new OverlayState({ send: bg.send, site, ...(dismissedHints ? { dismissedHints } : {}) });
  const container = document.createElement('div');
  document.body.append(container);
  const controller = new AbortController();
  renderOverlay(container, overlay, controller.signal);
  renderPairHint(container, overlay, controller.signal);
  overlay.connect(controller.signal);
  onTestFinished(() => {
    controller.abort();
    container.remove();
  });
  await vi.waitFor(() => expect(overlay.loaded).toBe(true));
  return { overlay, container, leave: () => controller.abort() };
}

/** The hint once storage has answered whether it was dismissed here. */
const findHint = () => screen.findByRole('complementary', { name: 'Action Step Coach' });

describe('the unpaired hint on a supported page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    document.documentElement.lang = 'en';
    document.title = 'Lesson plan';
  });

  it('asks to connect when there is no pairing and no step of one’s own', async () => {
    const bg = background(localOverview(null));
    await showOn('docs.google.com', bg);

    const hint = await findHint();
    expect(within(hint).getByRole('button', { name: HINT })).toBeInTheDocument();
    expect(within(hint).getByRole('button', { name: 'Hide this hint on this site' })).toBeInTheDocument();
    expect(screen.queryByTestId('action-step-overlay')).toBeNull();
    await expectNoAxeViolations();
  });

  it('asks the background to open the options page', async () => {
    const bg = background(localOverview(null));
    await showOn('docs.google.com', bg);

    await fireEvent.click(within(await findHint()).getByRole('button', { name: HINT }));

    await vi.waitFor(() => expect(bg.requests).toContainEqual({ type: 'open-options' }));
  });

  it('stays dismissed on the site it was dismissed on, and only there', async () => {
    const bg = background(localOverview(null));
    const docs = await showOn('docs.google.com', bg);

    await fireEvent.click(
      within(await findHint()).getByRole('button', { name: 'Hide this hint on this site' }),
    );

    expect(screen.queryByText(HINT)).toBeNull();
    await vi.waitFor(async () => expect(await pairHintDismissedItem.getValue()).toEqual(['docs.google.com']));
    docs.leave();

    // The next visit to the same site: storage answers, and nothing is shown.
    const dismissals = gatedDismissals();
    const again = await showOn('docs.google.com', bg, dismissals.store);
    await answerDismissals(again.overlay, dismissals);
    expect(again.overlay.showsPairHint).toBe(false);
    expect(screen.queryByText(HINT)).toBeNull();
    again.leave();

    // Another supported site still has it.
    await showOn('www.thenational.academy', bg);
    expect(await findHint()).toBeInTheDocument();
    expect(await pairHintDismissedItem.getValue()).toEqual(['docs.google.com']);
  });

  it('ignores a dismissal list that storage mangled, and adds to a good one', async () => {
    await fakeBrowser.storage.local.set({ pairHintDismissed: 'docs.google.com' });
    const bg = background(localOverview(null));
    await showOn('docs.google.com', bg);
    await fireEvent.click(
      within(await findHint()).getByRole('button', { name: 'Hide this hint on this site' }),
    );
    await vi.waitFor(async () => expect(await pairHintDismissedItem.getValue()).toEqual(['docs.google.com']));
  });

  it.each([
    ['paired, with no step yet', pairedOverview(null)],
    ['paired, with a step', pairedOverview(makeStep())],
    ['holding a step of its own', localOverview(makeStep())],
  ])('is never shown when %s', async (_label, overview) => {
    const bg = background(overview);
    const dismissals = gatedDismissals();
    dismissals.open();
    const { overlay } = await showOn('docs.google.com', bg, dismissals.store);

    expect(overlay.showsPairHint).toBe(false);
    expect(screen.queryByText(HINT)).toBeNull();
    // The hint's first step, reading whether it was dismissed here, is never even taken.
    expect(dismissals.getValue).not.toHaveBeenCalled();
  });

  it('goes away once the browser is paired, and the step takes its place', async () => {
    const bg = background(localOverview(null));
    await showOn('docs.google.com', bg);
    await findHint();

    await bg.change(pairedOverview(makeStep()));

    expect(await screen.findByTestId('action-step-overlay')).toHaveTextContent(makeStep().title);
    expect(screen.queryByText(HINT)).toBeNull();
  });

  it('goes away once the teacher types a step of their own', async () => {
    const bg = background(localOverview(null));
    await showOn('docs.google.com', bg);
    await findHint();

    await bg.change(localOverview(makeStep({ title: 'Narrate the positive' })));

    expect(await screen.findByTestId('action-step-overlay')).toHaveTextContent('Narrate the positive');
    expect(screen.queryByText(HINT)).toBeNull();
  });
});

describe('opening the options page for a content script', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('is allowed, and the only thing a content script may ask for besides the overview', async () => {
    const server = createFakeServer();
    const service = createCoachingService({
      db: await openCoachingDb(),
      settings: createStorageSettings(),
      fetch: server.fetch,
    });
    const openOptionsPage = vi.fn(async () => {});
    const listener = createMessageListener(Promise.resolve(service), {
      extensionOrigin: EXTENSION_ORIGIN,
      openOptionsPage,
    });
    const contentScript = { tab: { id: 3 } as never, url: 'https://docs.google.com/document/d/abc/edit' };
    const reply = (message: unknown) =>
      new Promise((resolve) => expect(listener(message, contentScript, resolve)).toBe(true));

    expect(await reply({ type: 'open-options' })).toMatchObject({ ok: true, overview: { mode: 'local' } });
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
    expect(await reply({ type: 'set-local-step', step: makeStep() })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
    expect(server.calls).toEqual([]);
  });
});
