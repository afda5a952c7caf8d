import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { API, type CoachFeedbackItem } from '../../../shared/protocol/api.ts';
import App from '../../../extension/entrypoints/sidepanel/App.svelte';
import { startCoachFeedback } from '../../../extension/services/coach-feedback.ts';
import { createStorageSettings } from '../../../extension/services/settings.ts';
import { coachFeedbackItem } from '../../../extension/storage.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { overviewOf, startBackground } from './coaching-harness.ts';
import { DEVICE_TOKEN, GOOD_CODE, SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

function anItem(overrides: Partial<CoachFeedbackItem> = {}): CoachFeedbackItem {
  return {
    roundId: 'round-1',
    moduleTitle: 'Narrate the positive',
    roundNumber: 2,
    praise: 'You named two pupils and the exact behaviour.',
    probe: 'What did the back row do while you narrated?',
    nextStep: 'Drop your voice a little on the second name.',
    criteria: ['secure', 'not-yet'],
    successCriteria: ['Names two pupils', 'Calm, warm tone'],
    givenAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

/** The fake coaching server, plus GET /api/extension/feedback answering `reply()`. */
function serverWithFeedback(reply: () => Response) {
  const server = createFakeServer();
  server.steps = [makeStep()];
  const feedbackCalls: (string | null)[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin === SERVER_URL && url.pathname === API.extensionFeedback) {
      feedbackCalls.push(new Headers(init.headers).get('Authorization'));
      return reply();
    }
    return server.fetch(input, init);
  };
  return { server, fetch, feedbackCalls };
}

describe('side panel: recent feedback from the coach', () => {
  let stop: (() => void) | null = null;

  beforeEach(() => {
    fakeBrowser.reset();
    document.body.innerHTML = '';
    document.documentElement.lang = 'en';
    document.title = 'Action Step Coach';
  });
  afterEach(() => {
    stop?.();
    stop = null;
  });

  it('fetches after a sync when paired, keeps it, and shows praise, probe, next step and criteria (no axe violations)', async () => {
    let reply = {
      feedback: [anItem(), anItem({ roundId: 'round-0', roundNumber: 1, praise: 'Calm start.' })],
    };
    const fake = serverWithFeedback(() => json(reply));
    stop = startCoachFeedback({ settings: createStorageSettings(), fetch: fake.fetch });
    const { send } = await startBackground(fake.server);
    overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    await vi.waitFor(async () => expect(await coachFeedbackItem.getValue()).toEqual(reply));
    expect(fake.feedbackCalls).toEqual([`Bearer ${DEVICE_TOKEN}`]);

    render(App);
    await screen.findByRole('heading', { name: 'Recent feedback from your coach' });
    const list = await screen.findByTestId('coach-feedback');
    const items = within(list).getAllByRole('heading', { level: 3 });
    expect(items.map((heading) => heading.textContent)).toEqual([
      'Narrate the positive, round 2',
      'Narrate the positive, round 1',
    ]);
    expect(within(list).getByText(anItem().praise)).toBeInTheDocument();
    expect(within(list).getAllByText(anItem().probe)).toHaveLength(2);
    expect(within(list).getAllByText(anItem().nextStep)).toHaveLength(2);
    const criteria = within(list).getByRole('list', {
      name: 'Success criteria, Narrate the positive round 2',
    });
    expect(
      within(criteria)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.replace(/\s+/g, ' ').trim()),
    ).toEqual(['Names two pupils: Secure', 'Calm, warm tone: Not yet']);
    await expectNoAxeViolations();

    // The next good sync brings new feedback; the panel follows the stored value.
    reply = { feedback: [anItem({ roundId: 'round-2', roundNumber: 3, praise: 'Crisp and warm.' })] };
    overviewOf(await send({ type: 'sync-now' }));
    expect(await within(list).findByText('Crisp and warm.')).toBeInTheDocument();
    expect(within(list).queryByText(anItem().praise)).not.toBeInTheDocument();
    expect(fake.feedbackCalls).toHaveLength(2);
  });

  it('ignores a malformed reply, keeping what it had', async () => {
    let reply: unknown = { feedback: [anItem()] };
    const fake = serverWithFeedback(() => json(reply));
    stop = startCoachFeedback({ settings: createStorageSettings(), fetch: fake.fetch });
    const { send } = await startBackground(fake.server);
    overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    await vi.waitFor(async () => expect(await coachFeedbackItem.getValue()).toEqual(reply));

    for (const malformed of [
      { feedback: [{ ...anItem(), criteria: ['great'] }] },
      { feedback: [{ ...anItem(), praise: 42 }] },
      { feedback: Array.from({ length: 6 }, (_, i) => anItem({ roundId: `r${i}` })) },
      { items: [] },
    ]) {
      reply = malformed;
      const before = fake.feedbackCalls.length;
      overviewOf(await send({ type: 'sync-now' }));
      await vi.waitFor(() => expect(fake.feedbackCalls.length).toBe(before + 1));
    }
    expect(await coachFeedbackItem.getValue()).toEqual({ feedback: [anItem()] });

    render(App);
    expect(await screen.findByText(anItem().praise)).toBeInTheDocument();
    expect(screen.queryByText('42')).not.toBeInTheDocument();
  });

  it('shows an empty state when paired with no feedback, and reads malformed storage as none', async () => {
    const fake = serverWithFeedback(() => json({ feedback: [] }));
    stop = startCoachFeedback({ settings: createStorageSettings(), fetch: fake.fetch });
    const { send } = await startBackground(fake.server);
    overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    await vi.waitFor(async () => expect(await coachFeedbackItem.getValue()).toEqual({ feedback: [] }));
    // Written by some other version: not shown.
    await fakeBrowser.storage.local.set({ coachFeedback: { feedback: [{ praise: '<b>x</b>' }] } });
    render(App);
    expect(
      await screen.findByText('No feedback yet. When your coach reviews a practice round, it appears here.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('coach-feedback')).not.toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('forgets the feedback on disconnecting, and local-only mode shows and fetches nothing', async () => {
    const fake = serverWithFeedback(() => json({ feedback: [anItem()] }));
    stop = startCoachFeedback({ settings: createStorageSettings(), fetch: fake.fetch });
    const { send } = await startBackground(fake.server);

    const step = makeStep();
    overviewOf(
      await send({
        type: 'set-local-step',
        step: {
          goal: step.goal,
          title: step.title,
          what: step.what,
          successCriteria: step.successCriteria,
          whenToPractise: step.whenToPractise,
          why: step.why,
        },
      }),
    );
    overviewOf(await send({ type: 'sync-now' }));
    // Stored by an earlier pairing that somehow survived: local-only mode still shows none of it.
    await coachFeedbackItem.setValue({ feedback: [anItem()] });
    render(App);
    await screen.findByRole('heading', { name: step.title });
    expect(
      screen.queryByRole('heading', { name: 'Recent feedback from your coach' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(anItem().praise)).not.toBeInTheDocument();
    expect(fake.feedbackCalls).toEqual([]);
    await coachFeedbackItem.removeValue();

    overviewOf(await send({ type: 'delete-everything' }));
    overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    await vi.waitFor(async () =>
      expect(await coachFeedbackItem.getValue()).toEqual({ feedback: [anItem()] }),
    );
    expect(await screen.findByText(anItem().praise)).toBeInTheDocument();

    overviewOf(await send({ type: 'unpair' }));
    await vi.waitFor(async () => expect(await coachFeedbackItem.getValue()).toBeNull());
    await vi.waitFor(() =>
      expect(
        screen.queryByRole('heading', { name: 'Recent feedback from your coach' }),
      ).not.toBeInTheDocument(),
    );
    expect(fake.feedbackCalls).toHaveLength(1);
  });
});
