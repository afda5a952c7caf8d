import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { createDraftStore, draftKey, openCoachingDb } from '../../../../shared/data/index.ts';
import type { RoundSubmission } from '../../../../shared/domain/coaching/practice.ts';
import { practiceDbName } from '../../../../lti-tool/web/pages/practice/practice-page-state.svelte.ts';
import { expectNoAxeViolations } from './axe.ts';

/** Opens a part of the practice page, as the trainee does with its tabs. */
async function showTab(name: 'Practise' | 'The module' | 'Your rounds' | 'Check in and reflect') {
  await fireEvent.click(screen.getByRole('tab', { name: new RegExp(`^${name}`) }));
}
import {
  aModule,
  aRound,
  aStepForPractice,
  createFakePracticeServer,
  CRITERIA,
  fakeRecorder,
  LINK_KEY,
  NOW,
  practiceBootstrap,
  renderPracticePage,
  sequentialIds,
  type FakePracticeServer,
} from './practice-harness.ts';

const KEY = draftKey(practiceBootstrap.storageKey, LINK_KEY);

async function localDrafts() {
  return createDraftStore(await openCoachingDb(practiceDbName(practiceBootstrap.storageKey)));
}

function scriptBox(): HTMLTextAreaElement {
  return screen.getByRole('textbox', { name: 'Your script' }) as HTMLTextAreaElement;
}

function criterion(index: number) {
  return screen.getByRole('group', { name: CRITERIA[index] });
}

async function judge(index: number, answer: 'Secure' | 'Not yet'): Promise<void> {
  await fireEvent.click(within(criterion(index)).getByRole('radio', { name: answer }));
}

async function ready(): Promise<void> {
  await screen.findByRole('heading', { level: 2, name: /^Round \d+$/ });
}

function roundPosts(server: FakePracticeServer): RoundSubmission[] {
  return server.callsTo('POST', '/api/practice/rounds').map((call) => call.body as RoundSubmission);
}

describe('practice page: the module', () => {
  it('shows the target performance, the models, the action step and the scenarios', async () => {
    const server = createFakePracticeServer();
    const { urls } = renderPracticePage(server);
    await ready();
    await showTab('The module');

    expect(screen.getByRole('heading', { level: 1, name: 'A calm, silent start' })).toBeInTheDocument();
    expect(screen.getByText(/Pupils are silent and looking at you/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Models' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: 'Scripted countdown' })).toBeInTheDocument();
    expect(screen.getByText(/Pens down in 3… 2… 1\./)).toBeInTheDocument();

    const link = screen.getByRole('link', { name: /Watch or listen to the model/ });
    expect(link).toHaveAttribute('href', 'https://video.example/countdown');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', expect.stringContaining('noopener'));
    expect(link).toHaveTextContent('opens in a new tab');

    // The uploaded model is fetched with the session token and played from an object URL.
    const player = await waitFor(() => {
      const element = document.querySelector('audio[aria-label="Coach modelling the countdown"]');
      if (!element) throw new Error('no player yet');
      return element;
    });
    expect(player.getAttribute('src')).toMatch(/^blob:fake\//);
    const [download] = server.callsTo('GET', '/api/media/model-audio-01');
    expect(download?.authorization).toBe('Bearer session-token-123');
    expect(urls.blobs.size).toBe(1);

    // The module's step is what it rehearses, never called "your" step: the teacher has one current step.
    const step = screen.getByRole('region', { name: 'The step this module rehearses' });
    expect(step).toHaveTextContent('Use a 3-2-1 countdown before instructions');
    expect(step).toHaveTextContent(/Your current step is the one you agree with your coach/);
    expect(
      within(step)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(CRITERIA);
    expect(step).toHaveTextContent('Period 2 with 9B');
    expect(step).toHaveTextContent('Attention first frees working memory');
    expect(screen.getByText('Pupils are chatting after group work.')).toBeInTheDocument();
    await expectNoAxeViolations();

    await showTab('Your rounds');
    expect(screen.getByText(/No rounds yet/)).toBeInTheDocument();
    await showTab('Practise');
    expect(screen.getByRole('heading', { level: 2, name: 'Round 1' })).toBeInTheDocument();
    // A first visit points to the module before rehearsing.
    await fireEvent.click(screen.getByRole('button', { name: 'Open the module' }));
    expect(screen.getByRole('tab', { name: 'The module' })).toHaveAttribute('aria-selected', 'true');
  });

  it('shows provider text as text, never as markup', async () => {
    const server = createFakePracticeServer({
      module: {
        ...aModule(),
        targetPerformance: '<img src=x onerror=alert(1)> stays text',
      },
    });
    renderPracticePage(server);
    await ready();
    expect(screen.getByText('<img src=x onerror=alert(1)> stays text')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });

  it('says what to do when opened without a practice module', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server, {}, { ...practiceBootstrap, activity: null });
    expect(await screen.findByText(/opened without a practice module/)).toBeInTheDocument();
    expect(server.requests).toEqual([]);
  });

  it('explains a failed load and tries again', async () => {
    const server = createFakePracticeServer();
    server.state.offline = true;
    renderPracticePage(server);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load this practice activity.');
    server.state.offline = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await ready();
  });
});

describe('practice page: submitting a round', () => {
  it('sends the script and self-assessment, shows the round in the timeline and starts a fresh draft', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server);
    await ready();

    await fireEvent.input(scriptBox(), { target: { value: 'Pens down in 3, 2, 1. Eyes on me.' } });
    await judge(0, 'Secure');
    await judge(1, 'Not yet');
    await fireEvent.click(screen.getByRole('button', { name: 'Submit round' }));

    await screen.findByRole('heading', { level: 2, name: 'Round 2' });
    const [sent] = roundPosts(server);
    expect(sent).toEqual({
      id: 'test-id-0001',
      linkKey: LINK_KEY,
      rehearsal: { script: 'Pens down in 3, 2, 1. Eyes on me.', audioId: null },
      selfAssessment: ['secure', 'not-yet'],
    });

    // Said beside the submit button, where the trainee is looking.
    const submit = screen.getByRole('button', { name: 'Submit round' });
    expect(submit.closest('form')).toHaveTextContent(/Round 1 sent to your coach/);

    await showTab('Your rounds');
    const timeline = screen.getByRole('region', { name: 'Your rounds' });
    const round = within(timeline).getByRole('article', { name: 'Round 1' });
    expect(round).toHaveTextContent('Pens down in 3, 2, 1. Eyes on me.');
    expect(round).toHaveTextContent(`${CRITERIA[0]}: Secure`);
    expect(round).toHaveTextContent(`${CRITERIA[1]}: Not yet`);
    expect(round).toHaveTextContent('Waiting for your coach’s feedback.');
    await showTab('Practise');

    // A fresh draft: empty, unjudged, and its own round id.
    expect(scriptBox().value).toBe('');
    expect(within(criterion(0)).getByRole('radio', { name: 'Secure' })).not.toBeChecked();
    await waitFor(() => expect(server.callsTo('DELETE', `/api/drafts/${LINK_KEY}`)).toHaveLength(1));
    expect(await (await localDrafts()).load(KEY)).toBeNull();

    await fireEvent.input(scriptBox(), { target: { value: 'Second go.' } });
    await judge(0, 'Secure');
    await judge(1, 'Secure');
    await fireEvent.click(screen.getByRole('button', { name: 'Submit round' }));
    await screen.findByRole('heading', { level: 2, name: 'Round 3' });
    expect(roundPosts(server).map((body) => body.id)).toEqual(['test-id-0001', 'test-id-0002']);
  });

  it('refuses an empty round with inline messages and sends nothing', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server);
    await ready();

    await fireEvent.click(screen.getByRole('button', { name: 'Submit round' }));

    const script = scriptBox();
    await waitFor(() => expect(script).toHaveFocus());
    expect(script).toHaveAttribute('aria-invalid', 'true');
    expect(script).toHaveAccessibleDescription(
      expect.stringContaining('Write a script or record yourself before submitting.'),
    );
    // The group names the criterion; its error does not repeat it.
    expect(criterion(0)).toHaveAccessibleDescription('Choose Secure or Not yet.');
    expect(roundPosts(server)).toEqual([]);
    expect(server.callsTo('PUT', `/api/drafts/${LINK_KEY}`)).toEqual([]);

    // A script alone is not enough: each criterion needs a judgement.
    await fireEvent.input(script, { target: { value: 'Eyes on me.' } });
    expect(script).not.toHaveAttribute('aria-invalid');
    await judge(0, 'Secure');
    await fireEvent.click(screen.getByRole('button', { name: 'Submit round' }));
    await waitFor(() => expect(within(criterion(1)).getByRole('radio', { name: 'Secure' })).toHaveFocus());
    expect(roundPosts(server)).toEqual([]);
    await expectNoAxeViolations();
  });

  it('keeps the draft when the network fails, and the retry is the same round', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server);
    await ready();
    await fireEvent.input(scriptBox(), { target: { value: 'Eyes on me.' } });
    await judge(0, 'Secure');
    await judge(1, 'Secure');

    server.state.failRounds = 1;
    await fireEvent.click(screen.getByRole('button', { name: 'Submit round' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your round was not sent.');
    expect(alert).toHaveTextContent('Your draft is kept on this device');
    expect(scriptBox().value).toBe('Eyes on me.');
    expect((await (await localDrafts()).load(KEY))?.script).toBe('Eyes on me.');

    // The response to the retry is lost too, but the server stored the round.
    server.state.loseRoundResponse = true;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try sending again' }));
    await waitFor(() => expect(roundPosts(server)).toHaveLength(2));
    await screen.findByText(/Your round was not sent/);

    await fireEvent.click(screen.getByRole('button', { name: 'Try sending again' }));
    await screen.findByRole('heading', { level: 2, name: 'Round 2' });

    expect(roundPosts(server).map((body) => body.id)).toEqual([
      'test-id-0001',
      'test-id-0001',
      'test-id-0001',
    ]);
    expect(server.state.rounds).toHaveLength(1);
    await showTab('Your rounds');
    expect(screen.getAllByRole('article', { name: 'Round 1' })).toHaveLength(1);
  });

  it('sends one round for a double click', async () => {
    const server = createFakePracticeServer();
    let release: () => void = () => undefined;
    server.state.holdRounds = new Promise<void>((resolve) => (release = resolve));
    renderPracticePage(server);
    await ready();
    await fireEvent.input(scriptBox(), { target: { value: 'Eyes on me.' } });
    await judge(0, 'Secure');
    await judge(1, 'Secure');

    const submit = screen.getByRole('button', { name: 'Submit round' });
    await fireEvent.click(submit);
    await waitFor(() => expect(submit).toHaveAttribute('aria-disabled', 'true'));
    await fireEvent.click(submit);
    release();

    await screen.findByRole('heading', { level: 2, name: 'Round 2' });
    expect(roundPosts(server)).toHaveLength(1);
  });

  it('uploads a recording before the round and sends its id', async () => {
    const server = createFakePracticeServer();
    const { urls } = renderPracticePage(server);
    await ready();

    await fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Stop recording' }));
    expect(await screen.findByText('Recording ready (0:04).')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Play back' })).toBeInTheDocument();
    await judge(0, 'Not yet');
    await judge(1, 'Secure');
    await fireEvent.click(screen.getByRole('button', { name: 'Submit round' }));
    await screen.findByRole('heading', { level: 2, name: 'Round 2' });

    const [upload] = server.state.uploads;
    expect(upload?.id).toBe('test-id-0002');
    expect(upload?.contentType).toBe('audio/webm');
    expect(await upload?.blob.text()).toBe('fake opus audio');
    const paths = server.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths.indexOf('PUT /api/media/test-id-0002')).toBeLessThan(
      paths.indexOf('POST /api/practice/rounds'),
    );
    expect(roundPosts(server)[0]?.rehearsal).toEqual({ script: '', audioId: 'test-id-0002' });

    // The round plays back from the recording already on this device: no download.
    await showTab('Your rounds');
    const round = screen.getByRole('article', { name: 'Round 1' });
    const player = within(round).getByLabelText('Recording of round 1');
    expect(urls.blobs.get(player.getAttribute('src') ?? '')).toBe(upload?.blob);
    expect(server.callsTo('GET', '/api/media/test-id-0002')).toEqual([]);
  });

  it('says why an oversized recording cannot be used', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server, { recorder: fakeRecorder({ bytes: 'x'.repeat(10 * 1024 * 1024 + 1) }).port });
    await ready();

    await fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Stop recording' }));

    expect(await screen.findByText(/larger than 10 MB, so it cannot be sent/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Play back' })).not.toBeInTheDocument();
  });

  it('stops recording by itself at the time limit', async () => {
    const server = createFakePracticeServer();
    const { timers } = renderPracticePage(server);
    await ready();

    await fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await screen.findByRole('button', { name: 'Stop recording' });
    expect(timers.delays()).toEqual(expect.arrayContaining([1000, 180_000]));
    timers.fire(1000);
    expect(await screen.findByText('0:01 of 3:00')).toBeInTheDocument();

    timers.fire(180_000);

    expect(await screen.findByText(/Recording stopped at the 3:00 limit/)).toBeInTheDocument();
  });

  it('explains a refused microphone and that the script still works', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server, { recorder: fakeRecorder({ failWith: 'denied' }).port, inFrame: true });
    await ready();

    await fireEvent.click(screen.getByRole('button', { name: 'Record' }));

    expect(await screen.findByText(/microphone was not allowed/)).toHaveTextContent(
      'You can still submit a written script.',
    );
    expect(screen.getByText(/open this activity in a new window/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Record' })).not.toBeInTheDocument();
  });

  it('says when this browser cannot record at all', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server, { recorder: fakeRecorder({ available: false }).port });
    await ready();
    expect(screen.getByText(/Recording is not available in this browser/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Record' })).not.toBeInTheDocument();
  });
});

describe('practice page: drafts', () => {
  it('autosaves after a pause in typing, to this device and then the server', async () => {
    const server = createFakePracticeServer();
    const { timers } = renderPracticePage(server);
    await ready();

    await fireEvent.input(scriptBox(), { target: { value: 'Pens' } });
    await fireEvent.input(scriptBox(), { target: { value: 'Pens down' } });
    expect(timers.delays()).toEqual([500]);
    expect(server.callsTo('PUT', `/api/drafts/${LINK_KEY}`)).toEqual([]);

    timers.fire();

    const status = await screen.findByText('Draft saved');
    expect(status).toHaveAttribute('role', 'status');
    const [put] = server.callsTo('PUT', `/api/drafts/${LINK_KEY}`);
    expect(put?.body).toMatchObject({
      content: { roundId: 'test-id-0001', script: 'Pens down', selfAssessment: [null, null] },
    });
    const local = await (await localDrafts()).load(KEY);
    expect(local).toMatchObject({ script: 'Pens down', dirty: false });
  });

  it('keeps saving on this device while the server is unreachable, and syncs when back online', async () => {
    const server = createFakePracticeServer();
    server.state.failDraftPut = true;
    const { timers } = renderPracticePage(server);
    await ready();

    await judge(0, 'Secure');
    timers.fire();
    expect(await screen.findByText('Draft saved on this device')).toBeInTheDocument();
    expect((await (await localDrafts()).load(KEY))?.dirty).toBe(true);

    server.state.failDraftPut = false;
    window.dispatchEvent(new Event('online'));

    expect(await screen.findByText('Draft saved')).toBeInTheDocument();
    expect(server.state.draft?.content.selfAssessment).toEqual(['secure', null]);
  });

  it('saves at once when the page is hidden or left', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server);
    await ready();

    const store = await localDrafts();
    await fireEvent.input(scriptBox(), { target: { value: 'Switched tabs' } });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      Reflect.deleteProperty(document, 'visibilityState');
    }
    await waitFor(async () => expect((await store.load(KEY))?.script).toBe('Switched tabs'));

    await fireEvent.input(scriptBox(), { target: { value: 'Left mid-sentence' } });
    window.dispatchEvent(new Event('pagehide'));

    await waitFor(async () =>
      expect((await (await localDrafts()).load(KEY))?.script).toBe('Left mid-sentence'),
    );
  });

  it('restores script, judgements and recording after the page is closed and opened again', async () => {
    const server = createFakePracticeServer();
    const first = renderPracticePage(server);
    await ready();
    await fireEvent.input(scriptBox(), { target: { value: 'Pens down in 3, 2, 1.' } });
    await judge(1, 'Not yet');
    await fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Stop recording' }));
    await screen.findByText('Recording ready (0:04).');

    // Closed before the autosave timer ran: unmounting writes the draft anyway.
    first.unmount();
    const store = await localDrafts();
    await waitFor(async () => expect((await store.load(KEY))?.selfAssessment).toEqual([null, 'not-yet']));

    server.state.draft = null; // The server lost its copy (a restart): everything comes from this device.
    const second = renderPracticePage(server, { ids: sequentialIds('second') });
    await ready();

    expect(scriptBox().value).toBe('Pens down in 3, 2, 1.');
    expect(within(criterion(1)).getByRole('radio', { name: 'Not yet' })).toBeChecked();
    expect(within(criterion(0)).getByRole('radio', { name: 'Secure' })).not.toBeChecked();
    expect(screen.getByText('Recording ready (0:04).')).toBeInTheDocument();
    const [restoredUrl] = [...second.urls.blobs.entries()].filter(([, blob]) => blob.type === 'audio/webm');
    expect(await restoredUrl?.[1].text()).toBe('fake opus audio');

    // And it submits as the same round, with the same recording.
    await judge(0, 'Secure');
    await fireEvent.click(screen.getByRole('button', { name: 'Submit round' }));
    await screen.findByRole('heading', { level: 2, name: 'Round 2' });
    expect(roundPosts(server)[0]).toMatchObject({
      id: 'test-id-0001',
      rehearsal: { script: 'Pens down in 3, 2, 1.', audioId: 'test-id-0002' },
      selfAssessment: ['secure', 'not-yet'],
    });
    expect(await server.state.uploads[0]?.blob.text()).toBe('fake opus audio');
  });

  it('continues a newer draft from another device, keeping this device’s recording', async () => {
    const store = await localDrafts();
    await store.save(KEY, {
      roundId: 'round-local-01',
      script: 'Older, on this device',
      selfAssessment: [null, null],
      audio: {
        id: 'audio-local-01',
        blob: new Blob(['take one'], { type: 'audio/webm' }),
        type: 'audio/webm',
        durationMs: 3000,
      },
      savedAt: '2025-01-06T09:00:00.000Z',
      dirty: false,
    });
    const server = createFakePracticeServer({
      draft: {
        content: {
          roundId: 'round-remote-01',
          script: 'Newer, from my laptop',
          selfAssessment: ['secure', null],
        },
        savedAt: '2025-01-06T09:30:00.000Z',
      },
    });
    renderPracticePage(server);
    await ready();

    expect(scriptBox().value).toBe('Newer, from my laptop');
    expect(within(criterion(0)).getByRole('radio', { name: 'Secure' })).toBeChecked();
    expect(screen.getByText('Recording ready (0:03).')).toBeInTheDocument();
    expect(screen.getByText('Draft saved')).toBeInTheDocument();
    await waitFor(async () => expect((await store.load(KEY))?.script).toBe('Newer, from my laptop'));
  });

  it('keeps a newer draft on this device over an older one on the server, and sends it', async () => {
    const store = await localDrafts();
    await store.save(KEY, {
      roundId: 'round-local-01',
      script: 'Newer, typed offline here',
      selfAssessment: ['not-yet', 'secure'],
      audio: null,
      savedAt: '2025-01-06T09:30:00.000Z',
      dirty: true,
    });
    const server = createFakePracticeServer({
      draft: {
        content: { roundId: 'round-remote-01', script: 'Older, on the server', selfAssessment: [null, null] },
        savedAt: '2025-01-06T09:00:00.000Z',
      },
    });
    renderPracticePage(server);
    await ready();

    expect(scriptBox().value).toBe('Newer, typed offline here');
    expect(within(criterion(1)).getByRole('radio', { name: 'Secure' })).toBeChecked();
    await waitFor(() => expect(server.state.draft?.content.script).toBe('Newer, typed offline here'));
    expect(await screen.findByText('Draft saved')).toBeInTheDocument();
  });

  it('drops a saved draft whose round was already submitted', async () => {
    const store = await localDrafts();
    await store.save(KEY, {
      roundId: 'round-0001',
      script: 'Sent, but the clean-up never happened',
      selfAssessment: ['secure', 'secure'],
      audio: null,
      savedAt: '2025-01-06T09:30:00.000Z',
      dirty: false,
    });
    const server = createFakePracticeServer({ rounds: [aRound({ id: 'round-0001' })] });
    renderPracticePage(server);
    await ready();

    expect(screen.getByRole('heading', { level: 2, name: 'Round 2' })).toBeInTheDocument();
    expect(scriptBox().value).toBe('');
    await waitFor(async () => expect(await store.load(KEY)).toBeNull());
  });
});

describe('practice page: timeline', () => {
  it('shows the coach’s feedback and charts the criteria secured per round', async () => {
    const server = createFakePracticeServer({
      rounds: [
        aRound({
          id: 'round-0001',
          roundNumber: 1,
          feedback: {
            praise: 'Your pause after "1" was perfect.',
            probe: 'What did the pupils at the back do?',
            nextStep: 'Keep the instruction under 10 words.',
            criteria: ['secure', 'not-yet'],
            coachName: 'Casey Coach',
            givenAt: '2025-01-05T15:00:00.000Z',
          },
        }),
        aRound({ id: 'round-0002', roundNumber: 2, script: 'Second go.', audioId: 'audio-0002' }),
      ],
    });
    renderPracticePage(server);
    await ready();
    // The newest feedback leads the page, before the next round.
    const latest = screen.getByRole('region', { name: 'Latest feedback from your coach: round 1' });
    expect(latest).toHaveTextContent('Keep the instruction under 10 words.');
    expect(latest.compareDocumentPosition(screen.getByRole('button', { name: 'Submit round' }))).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    await fireEvent.click(within(latest).getByRole('button', { name: 'See all your rounds' }));
    expect(screen.getByRole('tab', { name: /^Your rounds/ })).toHaveAttribute('aria-selected', 'true');

    const chart = screen.getByRole('img', { name: /^Success criteria secure per round/ });
    expect(chart).toHaveAccessibleName(
      'Success criteria secure per round: round 1, 1 of 2 criteria secure; round 2, no feedback yet.',
    );
    const table = screen.getByRole('table', { name: 'Success criteria secure per round' });
    expect(
      within(table)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['RoundSuccess criteria', '11 of 2 criteria secure', '2no feedback yet']);

    const rounds = within(screen.getByRole('region', { name: 'Your rounds' })).getAllByRole('article');
    expect(rounds.map((round) => within(round).getByRole('heading', { level: 3 }).textContent)).toEqual([
      'Round 2',
      'Round 1',
    ]);
    const first = screen.getByRole('article', { name: 'Round 1' });
    const feedback = within(first).getByRole('heading', { level: 4, name: 'Coach’s feedback' }).parentElement;
    expect(feedback).toHaveTextContent('Your pause after "1" was perfect.');
    expect(feedback).toHaveTextContent('What did the pupils at the back do?');
    expect(feedback).toHaveTextContent('Keep the instruction under 10 words.');
    expect(feedback).toHaveTextContent('Casey Coach');
    expect(feedback).toHaveTextContent(`${CRITERIA[0]}: Secure`);
    expect(feedback).toHaveTextContent(`${CRITERIA[1]}: Not yet`);
    expect(screen.getByRole('article', { name: 'Round 2' })).toHaveTextContent(
      'Waiting for your coach’s feedback.',
    );

    // A past recording is fetched only when asked for.
    expect(server.callsTo('GET', '/api/media/audio-0002')).toEqual([]);
    await fireEvent.click(screen.getByRole('button', { name: 'Play the recording of round 2' }));
    expect(await screen.findByLabelText('Recording of round 2')).toHaveAttribute(
      'src',
      expect.stringMatching(/^blob:/),
    );
    expect(server.callsTo('GET', '/api/media/audio-0002')).toHaveLength(1);
    await expectNoAxeViolations();
  });
});

describe('practice page: check-in and reflection', () => {
  it('posts a check-in in one tap, about the current step', async () => {
    const server = createFakePracticeServer({
      currentStep: aStepForPractice(),
      checkIns: [
        {
          id: 'checkin-old-01',
          actionStepId: 'step-current-01',
          outcome: 'partly',
          note: 'Back row slow',
          at: '2025-01-05T12:00:00.000Z',
        },
      ],
    });
    renderPracticePage(server);
    await ready();
    await showTab('Check in and reflect');
    const checkIn = screen.getByRole('region', { name: 'Check in' });
    expect(within(checkIn).getByRole('list', { name: 'Your check-ins' })).toHaveTextContent('Back row slow');
    // It says which step the check-in is about: the coach's current one, not the module's.
    expect(within(checkIn).getByTestId('check-in-step')).toHaveTextContent(
      `About your current step: ${aStepForPractice().title}`,
    );

    await fireEvent.input(within(checkIn).getByRole('textbox', { name: 'Add a line (optional)' }), {
      target: { value: 'Silent in 4 seconds!' },
    });
    await fireEvent.click(within(checkIn).getByRole('button', { name: 'Went well' }));

    expect(await within(checkIn).findByText('Check-in saved: Went well.')).toBeInTheDocument();
    expect(server.callsTo('POST', '/api/check-ins').map((call) => call.body)).toEqual([
      {
        id: 'test-id-0002',
        actionStepId: 'step-current-01',
        linkKey: LINK_KEY,
        outcome: 'went-well',
        note: 'Silent in 4 seconds!',
      },
    ]);
    const items = within(within(checkIn).getByRole('list', { name: 'Your check-ins' })).getAllByRole(
      'listitem',
    );
    expect(items[0]).toHaveTextContent('Went well');
    expect(items[0]).toHaveTextContent('Silent in 4 seconds!');
    expect(within(checkIn).getByRole('textbox', { name: 'Add a line (optional)' })).toHaveValue('');
  });

  it('needs one reflection field, then saves a private reflection', async () => {
    const server = createFakePracticeServer();
    renderPracticePage(server);
    await ready();
    await showTab('Check in and reflect');
    const section = screen.getByRole('region', { name: 'Reflection' });
    expect(section).toHaveTextContent('Private: only you and your coach can read your reflections.');
    expect(within(section).getByRole('list', { name: 'Things to think about' })).toHaveTextContent(
      'Which criterion felt secure first?',
    );

    await fireEvent.click(within(section).getByRole('button', { name: 'Save reflection' }));
    const wentWell = within(section).getByRole('textbox', {
      name: 'What went well, against the success criteria?',
    });
    await waitFor(() => expect(wentWell).toHaveFocus());
    expect(wentWell).toHaveAccessibleDescription(
      expect.stringContaining('Write something in at least one of the boxes.'),
    );
    expect(server.callsTo('POST', '/api/reflections')).toEqual([]);

    await fireEvent.input(within(section).getByRole('textbox', { name: 'What will you do next?' }), {
      target: { value: '  Try it with 10C.  ' },
    });
    await fireEvent.click(within(section).getByRole('button', { name: 'Save reflection' }));

    expect(await within(section).findByRole('list', { name: 'Your reflections' })).toHaveTextContent(
      'Try it with 10C.',
    );
    expect(server.callsTo('POST', '/api/reflections').map((call) => call.body)).toEqual([
      { id: 'test-id-0002', linkKey: LINK_KEY, wentWell: '', change: '', next: 'Try it with 10C.' },
    ]);
    expect(screen.getByText('Reflection saved.')).toBeInTheDocument();
    await expectNoAxeViolations();
  });
});

describe('practice page: earlier entries, a page at a time', () => {
  const checkIn = (n: number) => ({
    id: `checkin-${String(n).padStart(4, '0')}`,
    actionStepId: null,
    outcome: 'partly' as const,
    note: `Note ${n}`,
    at: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
  });
  const newestFirst = <T extends { id: string }>(items: T[]) => [...items].reverse();

  it('says the check-in is about the module’s step when the teacher has no current step yet', async () => {
    renderPracticePage(createFakePracticeServer({ currentStep: null }));
    await ready();
    await showTab('Check in and reflect');
    const checkIn = screen.getByRole('region', { name: 'Check in' });
    expect(within(checkIn).getByTestId('check-in-step')).toHaveTextContent(
      `You have no current step yet, so this is about the module’s step: ${aModule().actionStep.title}`,
    );
  });

  it('shows the newest check-ins, and "Show earlier check-ins" fetches the next page', async () => {
    const all = newestFirst(Array.from({ length: 25 }, (_, i) => checkIn(i + 1)));
    const server = createFakePracticeServer({
      checkIns: all.slice(0, 20),
      next: { checkIns: 'cursor-ci-1' },
    });
    server.routes[`GET /api/practice/${LINK_KEY}/check-ins`] = (request) =>
      request.search === '?after=cursor-ci-1'
        ? { body: { checkIns: all.slice(20), next: null } }
        : { status: 400, body: { error: { code: 'invalid-input', message: 'Not a position' } } };
    renderPracticePage(server);
    await ready();
    await showTab('Check in and reflect');
    const panel = screen.getByRole('region', { name: 'Check in' });
    const list = () =>
      within(within(panel).getByRole('list', { name: 'Your check-ins' })).getAllByRole('listitem');
    expect(list()).toHaveLength(20);
    expect(list()[0]).toHaveTextContent('Note 25');

    await fireEvent.click(within(panel).getByRole('button', { name: 'Show earlier check-ins' }));

    await waitFor(() => expect(list()).toHaveLength(25));
    expect(list().at(-1)).toHaveTextContent('Note 1');
    expect(server.callsTo('GET', `/api/practice/${LINK_KEY}/check-ins`).map((call) => call.search)).toEqual([
      '?after=cursor-ci-1',
    ]);
    expect(within(panel).queryByRole('button', { name: 'Show earlier check-ins' })).toBeNull();
    expect(within(panel).getByText('That is all your check-ins.')).toHaveFocus();
    expect(within(panel).getByText('5 earlier check-ins shown.')).toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('loads earlier rounds into the timeline and its chart, and keeps numbering new rounds after the newest', async () => {
    const rounds = Array.from({ length: 12 }, (_, i) =>
      aRound({ id: `round-${String(i + 1).padStart(4, '0')}`, roundNumber: i + 1 }),
    ).reverse();
    const server = createFakePracticeServer({ rounds: rounds.slice(0, 10), next: { rounds: 'cursor-r-1' } });
    server.routes[`GET /api/practice/${LINK_KEY}/rounds`] = () => ({
      body: { rounds: rounds.slice(10), next: null },
    });
    renderPracticePage(server);
    await ready();
    expect(screen.getByRole('heading', { level: 2, name: 'Round 13' })).toBeInTheDocument();
    await showTab('Your rounds');
    const timeline = screen.getByRole('region', { name: 'Your rounds' });
    expect(within(timeline).getAllByRole('article')).toHaveLength(10);
    expect(within(timeline).queryByRole('article', { name: 'Round 1' })).toBeNull();

    await fireEvent.click(within(timeline).getByRole('button', { name: 'Show earlier rounds' }));

    expect(await within(timeline).findByRole('article', { name: 'Round 1' })).toBeInTheDocument();
    expect(
      within(timeline)
        .getAllByRole('article')
        .map((round) => within(round).getByRole('heading', { level: 3 }).textContent),
    ).toEqual(rounds.map((round) => `Round ${round.roundNumber}`));
    const table = screen.getByRole('table', { name: 'Success criteria secure per round' });
    expect(within(table).getAllByRole('row')).toHaveLength(13);
    await showTab('Practise');
    expect(screen.getByRole('heading', { level: 2, name: 'Round 13' })).toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('says when an earlier page could not be loaded, and the same button tries again', async () => {
    const reflection = (n: number) => ({
      id: `refl-${String(n).padStart(4, '0')}`,
      wentWell: `Went well ${n}`,
      change: '',
      next: '',
      writtenAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    });
    const all = newestFirst(Array.from({ length: 12 }, (_, i) => reflection(i + 1)));
    const server = createFakePracticeServer({
      reflections: all.slice(0, 10),
      next: { reflections: 'cursor-rf-1' },
    });
    let down = true;
    server.routes[`GET /api/practice/${LINK_KEY}/reflections`] = () =>
      down
        ? { status: 503, body: { error: { code: 'unavailable', message: 'Down' } } }
        : { body: { reflections: all.slice(10), next: null } };
    renderPracticePage(server);
    await ready();
    await showTab('Check in and reflect');
    const section = screen.getByRole('region', { name: 'Reflection' });
    const entries = () =>
      within(within(section).getByRole('list', { name: 'Your reflections' })).getAllByRole('listitem');
    expect(entries()).toHaveLength(10);

    await fireEvent.click(within(section).getByRole('button', { name: 'Show earlier reflections' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('Could not load more.');
    expect(entries()).toHaveLength(10);

    down = false;
    await fireEvent.click(within(section).getByRole('button', { name: 'Show earlier reflections' }));
    await waitFor(() => expect(entries()).toHaveLength(12));
    expect(within(section).queryByRole('alert')).toBeNull();
    expect(entries().at(-1)).toHaveTextContent('Went well 1');
  });
});

describe('practice page: sharing a round', () => {
  it('shares one round with a named person from the rounds tab', async () => {
    const server = createFakePracticeServer({ rounds: [aRound()] });
    server.routes['GET /api/shares'] = () => ({ body: { shares: [] } });
    server.routes['POST /api/shares'] = (request) => ({
      status: 201,
      body: { share: { ...(request.body as object), createdAt: NOW.toISOString(), revokedAt: null } },
    });
    renderPracticePage(server);
    await screen.findByRole('button', { name: 'Submit round' });
    await showTab('Your rounds');
    const round = within(screen.getByRole('region', { name: 'Your rounds' })).getByRole('article', {
      name: 'Round 1',
    });
    await fireEvent.click(within(round).getByRole('button', { name: /^Share round 1/ }));
    const form = within(round).getByRole('form', { name: /^Share round 1/ });
    await fireEvent.input(within(form).getByRole('textbox', { name: /Their LMS user id/ }), {
      target: { value: 'mentor-7' },
    });
    await fireEvent.input(within(form).getByRole('textbox', { name: /Their name/ }), {
      target: { value: 'Jo Mentor' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: 'Share' }));
    await waitFor(() => expect(within(round).getByText('Shared with Jo Mentor.')).toBeInTheDocument());
    expect(server.callsTo('POST', '/api/shares')[0]!.body).toMatchObject({
      kind: 'round',
      itemId: aRound().id,
      recipientId: 'mentor-7',
    });
    await expectNoAxeViolations();
  });
});
