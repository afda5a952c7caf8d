import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TeacherPage from '../../../../lti-tool/web/pages/teacher/teacher-page.svelte';
import type { TeacherPageDeps } from '../../../../lti-tool/web/pages/teacher/teacher-page-state.svelte.ts';
import { expectNoAxeViolations } from './axe.ts';
import { fakeObjectUrls } from './practice-harness.ts';
import { aStep, appShell, createFakeApi, PUBLIC_URL, testBootstrap, type FakeHandler } from './fake-api.ts';

const NOW = new Date('2025-01-06T10:00:00.000Z');
const bootstrap = testBootstrap({ page: 'teacher', user: { name: 'Ana Silva' } });

function renderTeacherPage(routes: Record<string, FakeHandler>, deps: TeacherPageDeps = {}) {
  const api = createFakeApi({
    'GET /api/devices': () => ({ body: { devices: [] } }),
    'GET /api/conversations': () => ({ body: { conversations: [] } }),
    'GET /api/me/history': () => ({ body: aHistory() }),
    ...routes,
  });
  render(TeacherPage, {
    target: appShell(),
    props: { bootstrap, deps: { fetch: api.fetch, clock: { now: () => NOW }, ...deps } },
  });
  return api;
}

function aHistory(overrides: Record<string, unknown> = {}) {
  return {
    trainee: { userId: 'teacher-ana', name: 'Ana Silva' },
    steps: [],
    rounds: [],
    checkIns: [],
    reflections: [],
    earlierSteps: [],
    next: null,
    ...overrides,
  };
}

const pairingCode: FakeHandler = () => ({
  status: 201,
  body: { code: 'K7QM2XPD', expiresAt: new Date(NOW.getTime() + 10 * 60_000).toISOString() },
});

describe('teacher page', () => {
  it('shows the teacher’s current step in full', async () => {
    renderTeacherPage({ 'GET /api/me/step': () => ({ body: { step: aStep() } }) });

    expect(screen.getByRole('heading', { level: 1, name: 'Your action step' })).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Greet at the door with a do-now task' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Pupils settle quickly at the start of lessons')).toBeInTheDocument();
    expect(screen.getByText('A calm routine frees working memory for learning.')).toBeInTheDocument();
    expect(screen.getByText('Hello, Ana Silva.')).toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('shows the check-back cue with the step, and the record of coaching conversations as a timeline', async () => {
    const conversation = {
      id: 'conv-0001',
      teacherId: 'teacher-ana',
      version: 1,
      at: '2026-11-20T10:00:00.000Z',
      record: {
        teacherId: 'teacher-ana',
        observationId: null,
        targetPerformance: 'Pupils settle quickly',
        praise: [{ text: 'Your greeting was <b>warm</b>', criterion: null }],
        probingQuestions: ['What did the back row do?'],
        model: {
          kind: 'own',
          form: 'performance',
          description: 'Countdown with a <i>pause</i>',
          recording: { mediaId: 'model-take-01', contentType: 'audio/webm' },
        },
        step: {
          decision: 'next',
          fromModule: null,
          step: { ...aStep(), title: 'Narrate the positive' },
        },
        rounds: [
          { criteria: [{ criterion: 'Two names', mark: 'not-yet' }], feedback: 'Late' },
          { criteria: [{ criterion: 'Two names', mark: 'secure' }], feedback: 'Yes' },
        ],
        checkBackOn: '2026-11-27',
      },
    };
    const api = renderTeacherPage(
      {
        'GET /api/me/step': () => ({ body: { step: aStep({ checkBackOn: '2026-11-27' }) } }),
        'GET /api/conversations': () => ({ body: { conversations: [conversation] } }),
        'GET /api/media/model-take-01': () => ({ body: {} }),
        'GET /api/me/history': () => ({
          body: aHistory({
            steps: [
              aStep({
                id: 'step-0001',
                status: 'archived',
                securedAt: '2026-11-20T10:00:00.000Z',
                securedByName: 'Dana Rivera',
              }),
              aStep({ id: 'conv-0001', title: 'Narrate the positive', setAt: '2026-11-20T10:00:00.000Z' }),
            ],
            checkIns: [
              {
                id: 'ci-00000001',
                actionStepId: 'step-0001',
                outcome: 'went-well',
                note: '',
                at: '2026-01-07T08:00:00.000Z',
              },
            ],
          }),
        }),
      },
      { objectUrls: fakeObjectUrls().port },
    );
    const picture = await screen.findByRole('region', { name: 'Your steps over time' });
    const stops = await within(picture).findAllByRole('listitem');
    expect(stops.map((stop) => stop.querySelector('.title')?.textContent)).toEqual([
      'Greet at the door with a do-now task',
      'Narrate the positive',
    ]);
    expect(stops[0]).toHaveTextContent(/secured .+ with Dana Rivera/);
    expect(stops[0]).toHaveTextContent('0 practice rounds, 1 check-in');
    expect(stops[1]).toHaveTextContent('working on it now');
    const record = await screen.findByRole('region', { name: 'Your coaching conversations' });
    expect(await within(record).findByText('Narrate the positive')).toBeInTheDocument();
    // Literal text, never markup.
    expect(within(record).getByText('Your greeting was <b>warm</b>')).toBeInTheDocument();
    expect(within(record).getByText('2 practice rounds in the meeting, 1 fully secure.')).toBeInTheDocument();
    // The coach's model: its words, and its recording fetched only when the teacher asks.
    expect(
      within(record).getByText(/Your coach modelled it: Countdown with a <i>pause<\/i>/),
    ).toBeInTheDocument();
    expect(api.callsTo('GET', '/api/media/model-take-01')).toHaveLength(0);
    await fireEvent.click(
      within(record).getByRole('button', { name: 'Load Your coach’s model (recording)' }),
    );
    const player = await within(record).findByLabelText('Your coach’s model (recording)');
    expect(player.tagName).toBe('AUDIO');
    expect(player).toHaveAttribute('src', 'blob:fake/1');
    expect(api.callsTo('GET', '/api/media/model-take-01')).toHaveLength(1);
    expect(screen.getByTestId('check-back')).toHaveTextContent(/^Coach (checks back|was due to check back)/);
    await expectNoAxeViolations();
  });

  it('has a friendly empty state when there is no step yet', async () => {
    renderTeacherPage({ 'GET /api/me/step': () => ({ body: { step: null } }) });

    expect(await screen.findByRole('heading', { level: 2, name: 'No action step yet' })).toBeInTheDocument();
    expect(screen.getByText(/When your coach sets your next action step/)).toBeInTheDocument();
  });

  it('says so when the step cannot be loaded', async () => {
    renderTeacherPage({
      'GET /api/me/step': () => ({ status: 500, body: { error: { code: 'internal', message: 'Boom' } } }),
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load your action step.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('shows a pairing link, and its code as XXXX-XXXX with the server address and expiry, after the click', async () => {
    const api = renderTeacherPage({
      'GET /api/me/step': () => ({ body: { step: null } }),
      'POST /api/pairing-codes': pairingCode,
    });
    const connect = screen.getByRole('region', { name: 'Connect your browser extension' });
    expect(
      within(connect)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      expect.stringMatching(/^Install the browser extension: it is not in a browser store yet/),
      'Show your pairing link here and press “Copy link”.',
      'Open the extension’s options page, paste the link into “Pairing link”, and it connects.',
    ]);
    expect(screen.queryByTestId('pairing-code')).not.toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Show pairing code' }));

    expect(await screen.findByRole('textbox', { name: 'Your pairing link' })).toHaveValue(
      `${PUBLIC_URL}/pair#K7QM2XPD`,
    );
    expect(screen.getByTestId('pairing-code')).toHaveTextContent(/^K7QM-2XPD$/);
    expect(screen.getByTestId('server-address')).toHaveTextContent(PUBLIC_URL);
    expect(connect).toHaveTextContent('expires in 10 minutes');
    expect(screen.getByRole('button', { name: 'Show a new pairing code' })).toBeInTheDocument();
    const [call] = api.callsTo('POST', '/api/pairing-codes');
    expect(call?.authorization).toBe('Bearer session-token-123');
    await expectNoAxeViolations();
  });

  it('stops showing the code once it expires', async () => {
    const timers: { callback: () => void; ms: number }[] = [];
    renderTeacherPage(
      { 'GET /api/me/step': () => ({ body: { step: null } }), 'POST /api/pairing-codes': pairingCode },
      {
        setTimer: (callback, ms) => {
          timers.push({ callback, ms });
          return () => undefined;
        },
      },
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Show pairing code' }));
    await screen.findByTestId('pairing-code');
    expect(timers.map((timer) => timer.ms)).toEqual([10 * 60_000]);

    timers[0]?.callback();

    await waitFor(() => expect(screen.queryByTestId('pairing-code')).not.toBeInTheDocument());
    expect(screen.getByText(/This pairing link has expired/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show pairing code' })).toBeInTheDocument();
  });

  it('falls back to the usual 10 minutes when this device’s clock is far off', async () => {
    renderTeacherPage({
      'GET /api/me/step': () => ({ body: { step: null } }),
      // The server's clock is an hour behind ours: the code looks already expired.
      'POST /api/pairing-codes': () => ({
        status: 201,
        body: { code: 'K7QM2XPD', expiresAt: new Date(NOW.getTime() - 50 * 60_000).toISOString() },
      }),
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Show pairing code' }));

    expect(await screen.findByTestId('pairing-code')).toHaveTextContent('K7QM-2XPD');
    expect(screen.getByText(/expires in 10 minutes/)).toBeInTheDocument();
  });

  it('explains a failed request for a code', async () => {
    renderTeacherPage({
      'GET /api/me/step': () => ({ body: { step: null } }),
      'POST /api/pairing-codes': () => ({
        status: 403,
        body: { error: { code: 'forbidden', message: 'Only teachers can pair an extension.' } },
      }),
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Show pairing code' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not get a pairing code. Only teachers can pair an extension.');
    expect(screen.queryByTestId('pairing-code')).not.toBeInTheDocument();
  });

  it('lists the browsers the teacher paired, and disconnects one', async () => {
    let devices = [
      {
        id: 'd-1',
        label: 'Browser extension',
        pairedAt: '2025-01-02T09:00:00.000Z',
        lastUsedAt: '2025-01-06T08:00:00.000Z',
      },
      { id: 'd-2', label: 'Browser extension', pairedAt: '2024-12-01T09:00:00.000Z', lastUsedAt: null },
    ];
    const api = renderTeacherPage({
      'GET /api/me/step': () => ({ body: { step: null } }),
      'GET /api/devices': () => ({ body: { devices } }),
      'DELETE /api/devices/d-2': () => {
        devices = devices.filter((device) => device.id !== 'd-2');
        return { body: {} };
      },
    });
    const region = await screen.findByRole('region', { name: 'Your connected browsers' });
    const buttons = await within(region).findAllByRole('button', {
      name: /^Disconnect Browser extension, paired/,
    });
    expect(buttons).toHaveLength(2);
    expect(region).toHaveTextContent('Not synced yet.');
    await expectNoAxeViolations();

    await fireEvent.click(buttons[1]!);

    expect(
      await within(region).findByText(/is disconnected\. It will ask to be paired again\./),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(within(region).getAllByRole('button', { name: /^Disconnect/ })).toHaveLength(1),
    );
    expect(api.callsTo('DELETE', '/api/devices/d-2')).toHaveLength(1);
  });

  it('says so when a browser cannot be disconnected, and keeps it listed', async () => {
    renderTeacherPage({
      'GET /api/me/step': () => ({ body: { step: null } }),
      'GET /api/devices': () => ({
        body: {
          devices: [
            { id: 'd-1', label: 'Work laptop', pairedAt: '2025-01-02T09:00:00.000Z', lastUsedAt: null },
          ],
        },
      }),
      'DELETE /api/devices/d-1': () => ({ status: 503, body: { error: { code: 'busy', message: 'Busy' } } }),
    });
    await fireEvent.click(await screen.findByRole('button', { name: /^Disconnect Work laptop/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not disconnect it.');
    expect(screen.getByRole('button', { name: /^Disconnect Work laptop/ })).toBeInTheDocument();
  });
});
