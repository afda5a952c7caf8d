import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RosterMember } from '../../../../shared/protocol/api.ts';
import CoachPage from '../../../../lti-tool/web/pages/coach/coach-page.svelte';
import type { CoachPageDeps } from '../../../../lti-tool/web/pages/coach/coach-page-state.svelte.ts';
import { fakeObjectUrls, fakeRecorder, manualTimers } from './practice-harness.ts';
import { expectNoAxeViolations } from './axe.ts';
import {
  aStep,
  appShell,
  createFakeCoachServer,
  testBootstrap,
  type FakeHandler,
  type RecordedRequest,
} from './fake-api.ts';

const roster: RosterMember[] = [
  { userId: 'teacher-ana', name: 'Ana Silva', role: 'teacher' },
  { userId: 'teacher-ben', name: 'Ben Okafor', role: 'teacher' },
];
const clock = { now: () => new Date('2026-11-22T09:00:00.000Z') };
let idCounter = 0;
const ids = { newId: () => `cycle-id-${String(++idCounter).padStart(4, '0')}` };

/** The coach's server with the cycle's endpoints: records kept with versions, as the real one does. */
function createCycleServer() {
  const server = createFakeCoachServer({ roster, steps: [aStep()] });
  const stored = new Map<string, { version: number; record: unknown }>();
  const uploads: { id: string; type: string | null; text: string }[] = [];
  let network: 'up' | 'down' = 'up';
  const save: FakeHandler = (request) => {
    const id = request.path.split('/').pop()!;
    const body = request.body as { baseVersion: number; record: unknown };
    const current = stored.get(id);
    if ((current?.version ?? 0) !== body.baseVersion)
      return { status: 409, body: { error: { code: 'conflict', message: 'Newer' }, current } };
    const version = (current?.version ?? 0) + 1;
    stored.set(id, { version, record: body.record });
    return {
      body: { id, teacherId: 'teacher-ana', version, at: clock.now().toISOString(), record: body.record },
    };
  };
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const route = `${init?.method ?? 'GET'} ${url.pathname.replace(/\/(observations|conversations)\/[^/]+$/, '/$1/:id')}`;
    if (network === 'down' && route.startsWith('PUT')) throw new TypeError('Failed to fetch');
    if (route === 'PUT /api/observations/:id' || route === 'PUT /api/conversations/:id') {
      server.routes[`PUT ${url.pathname}`] = save;
    }
    if (route.startsWith('PUT /api/media/')) {
      const id = url.pathname.split('/').pop()!;
      const blob = init?.body as Blob;
      uploads.push({ id, type: new Headers(init?.headers).get('Content-Type'), text: await blob.text() });
      server.routes[`PUT ${url.pathname}`] = () => ({
        status: 201,
        body: { media: { id, contentType: 'audio/webm', size: blob.size } },
      });
    }
    return server.fetch(input, init);
  };
  server.routes['GET /api/teachers/teacher-ana/cycle'] = () => ({
    body: {
      step: aStep(),
      lastObservation: {
        id: 'obs-00000001',
        teacherId: 'teacher-ana',
        version: 1,
        at: '2026-11-20T09:00:00.000Z',
        record: {
          teacherId: 'teacher-ana',
          stepId: 'step-0001',
          startedAt: '2026-11-20T09:00:00.000Z',
          notes: [],
          criteria: [{ criterion: 'All pupils start the do-now within 2 minutes', mark: 'secure' }],
          pupilsDid: '',
        },
      },
      lastConversation: null,
    },
  });
  return {
    ...server,
    fetch: fetchImpl,
    stored,
    uploads,
    setNetwork: (state: 'up' | 'down') => (network = state),
    puts: (kind: string): RecordedRequest[] =>
      server.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/api/${kind}/`)),
  };
}

function renderPage(server: ReturnType<typeof createCycleServer>, deps: Partial<CoachPageDeps> = {}) {
  render(CoachPage, {
    target: appShell(),
    props: {
      bootstrap: testBootstrap({ page: 'coach' }),
      deps: { fetch: server.fetch, clock, ids, ...deps },
    },
  });
}

describe('coach page: this week', () => {
  it('lands on the caseload: every teacher, their step, what needs the coach', async () => {
    const server = createCycleServer();
    renderPage(server);
    expect(screen.getByRole('tab', { name: 'This week' })).toHaveAttribute('aria-selected', 'true');
    const panel = screen.getByRole('tabpanel', { name: 'This week' });
    await within(panel).findByRole('heading', { name: 'Ana Silva' });
    expect(
      within(within(panel).getAllByRole('list')[0]!)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Ana Silva', 'Ben Okafor']);
    expect(within(panel).getByText('Greet at the door with a do-now task')).toBeInTheDocument();
    expect(within(panel).getAllByText(/^First conversation due/)).toHaveLength(2);
    await expectNoAxeViolations();
  });

  it('observes: criteria from the current step, timestamped notes, saved through the outbox', async () => {
    const server = createCycleServer();
    renderPage(server);
    await fireEvent.click(await screen.findByRole('button', { name: 'Observe Ana Silva' }));
    const form = await screen.findByRole('form', { name: 'Observing Ana Silva' });
    expect(within(form).getByText(/never pupils/)).toBeInTheDocument();
    await fireEvent.input(within(form).getByRole('textbox', { name: /^Quick note/ }), {
      target: { value: 'Greets at the door; 3 pupils late' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: 'Add note' }));
    expect(within(form).getByRole('listitem')).toHaveTextContent('Greets at the door; 3 pupils late');
    const criterion = within(form).getByRole('group', {
      name: 'All pupils start the do-now within 2 minutes',
    });
    await fireEvent.click(within(criterion).getByRole('radio', { name: 'Seen secure' }));
    await expectNoAxeViolations();
    await fireEvent.click(within(form).getByRole('button', { name: 'Save observation' }));

    await waitFor(() => expect(server.puts('observations')).toHaveLength(1));
    const body = server.puts('observations')[0]!.body as {
      baseVersion: number;
      record: { notes: unknown[]; criteria: unknown[] };
    };
    expect(body.baseVersion).toBe(0);
    expect(body.record.notes).toEqual([
      { at: clock.now().toISOString(), text: 'Greets at the door; 3 pupils late' },
    ]);
    expect(body.record.criteria).toEqual([
      { criterion: 'All pupils start the do-now within 2 minutes', mark: 'secure' },
      { criterion: 'You greet at least 10 pupils by name', mark: 'not-seen' },
    ]);
    await screen.findByText('Saved.');
  });

  it('offline, keeps the saved observation on the device and sends it once when asked', async () => {
    const server = createCycleServer();
    renderPage(server);
    await fireEvent.click(await screen.findByRole('button', { name: 'Observe Ana Silva' }));
    const form = await screen.findByRole('form', { name: 'Observing Ana Silva' });
    await fireEvent.input(within(form).getByRole('textbox', { name: /^What pupils did/ }), {
      target: { value: 'Most started within a minute' },
    });
    server.setNetwork('down');
    await fireEvent.click(within(form).getByRole('button', { name: 'Save observation' }));
    expect(await within(form).findByText(/Saved on this device/)).toBeInTheDocument();
    server.setNetwork('up');
    await fireEvent.click(within(form).getByRole('button', { name: 'Send now' }));
    await screen.findByText('Saved.');
    expect(server.puts('observations')).toHaveLength(1);
    expect(server.stored.size).toBe(1);
  });

  it('holds a conversation pre-filled from the step and the observation; secures the step and sets the next', async () => {
    const server = createCycleServer();
    renderPage(server);
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Coaching conversation with Ana Silva' }),
    );
    const form = await screen.findByRole('form', { name: 'Coaching conversation with Ana Silva' });
    expect(within(form).getByRole('textbox', { name: /^1\. Target performance/ })).toHaveValue(
      'Pupils settle quickly at the start of lessons',
    );
    expect(within(form).getByRole('textbox', { name: /^2\. Precise praise 1/ })).toHaveValue(
      'You secured: All pupils start the do-now within 2 minutes',
    );
    // Missing the next step's title: refused on the page, nothing sent.
    await fireEvent.click(within(form).getByRole('radio', { name: 'Secured: set the next step' }));
    await fireEvent.click(within(form).getByRole('button', { name: 'Save conversation' }));
    expect(await within(form).findByText(/^Check this first:/)).toBeInTheDocument();
    expect(server.puts('conversations')).toHaveLength(0);

    await fireEvent.input(within(form).getByRole('textbox', { name: /^Next action step/ }), {
      target: { value: 'Narrate the positive' },
    });
    await fireEvent.input(within(form).getByRole('textbox', { name: /^Success criteria/ }), {
      target: { value: 'Two names by 3' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: '+ Add a round' }));
    const round = within(form).getByRole('group', { name: 'Round 1' });
    await fireEvent.click(within(round).getByRole('radio', { name: 'Secure' }));
    await fireEvent.input(within(round).getByRole('textbox', { name: /^Feedback/ }), {
      target: { value: 'Both names by 3' },
    });
    await expectNoAxeViolations();
    await fireEvent.click(within(form).getByRole('button', { name: 'Save conversation' }));
    await waitFor(() => expect(server.puts('conversations')).toHaveLength(1));
    const { record } = server.puts('conversations')[0]!.body as { record: Record<string, unknown> };
    expect(record.step).toEqual(
      expect.objectContaining({
        decision: 'next',
        step: expect.objectContaining({ title: 'Narrate the positive' }),
      }),
    );
    expect(record.rounds).toEqual([
      { criteria: [{ criterion: 'Two names by 3', mark: 'secure' }], feedback: 'Both names by 3' },
    ]);
    expect(record.checkBackOn).toBe('2026-11-29');
  });

  it('records the model in the meeting: kept on the phone, uploaded before the conversation that names it', async () => {
    const server = createCycleServer();
    const microphone = fakeRecorder({ bytes: 'the coach modelling the countdown', durationMs: 8000 });
    const urls = fakeObjectUrls();
    renderPage(server, {
      recorder: microphone.port,
      setTimer: manualTimers().setTimer,
      objectUrls: urls.port,
    });
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Coaching conversation with Ana Silva' }),
    );
    const form = await screen.findByRole('form', { name: 'Coaching conversation with Ana Silva' });
    await fireEvent.click(within(form).getByRole('radio', { name: 'I showed a model' }));
    // Neither words nor a recording: refused on the page.
    await fireEvent.click(within(form).getByRole('button', { name: 'Save conversation' }));
    expect(await within(form).findByText(/Describe the model or record it/)).toBeInTheDocument();

    await fireEvent.click(within(form).getByRole('button', { name: 'Record the model' }));
    await fireEvent.click(await within(form).findByRole('button', { name: 'Stop recording' }));
    expect(await within(form).findByText('Model recorded (0:08).')).toBeInTheDocument();
    expect(within(form).getByRole('button', { name: 'Play back' })).toBeInTheDocument();
    await expectNoAxeViolations();

    await fireEvent.click(within(form).getByRole('button', { name: 'Save conversation' }));
    await screen.findByText('Saved.');
    // The recording first, then the record that names it.
    const puts = server.requests.filter((r) => r.method === 'PUT').map((r) => r.path.split('/')[2]);
    expect(puts).toEqual(['media', 'conversations']);
    expect(server.uploads).toEqual([
      { id: expect.any(String), type: 'audio/webm', text: 'the coach modelling the countdown' },
    ]);
    const { record } = server.puts('conversations')[0]!.body as { record: Record<string, unknown> };
    expect(record.model).toEqual({
      kind: 'own',
      form: 'performance',
      description: '',
      recording: { mediaId: server.uploads[0]!.id, contentType: 'audio/webm' },
    });
    // The form closed: its playback URL is given back.
    expect(urls.revoked).toHaveLength(1);
  });

  it('shows a conflict from another device, keeps the typed text, and sends it over the newer version on "Keep mine"', async () => {
    const server = createCycleServer();
    renderPage(server);
    await fireEvent.click(await screen.findByRole('button', { name: 'Observe Ana Silva' }));
    const form = await screen.findByRole('form', { name: 'Observing Ana Silva' });
    // Another device already saved this record's first version.
    const id = `cycle-id-${String(idCounter).padStart(4, '0')}`;
    server.stored.set(id, { version: 1, record: { pupilsDid: 'from the laptop' } });
    await fireEvent.input(within(form).getByRole('textbox', { name: /^What pupils did/ }), {
      target: { value: 'from the phone' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: 'Save observation' }));
    expect(await within(form).findByText(/changed on another device/)).toBeInTheDocument();
    expect(within(form).getByRole('textbox', { name: /^What pupils did/ })).toHaveValue('from the phone');
    await fireEvent.click(within(form).getByRole('button', { name: 'Keep mine' }));
    await screen.findByText('Saved.');
    expect(server.stored.get(id)).toEqual(expect.objectContaining({ version: 2 }));
  });

  it('keeps the coach’s reminders: the digest email, and a private calendar link shown once', async () => {
    const server = createCycleServer();
    server.routes['PUT /api/reminders'] = (request) => ({
      body: { ...(request.body as object), mail: true, feed: { exists: false } },
    });
    server.routes['POST /api/reminders/feed'] = () => ({
      status: 201,
      body: { url: 'http://tool.test/calendar/secret-token.ics' },
    });
    renderPage(server);
    await fireEvent.click(await screen.findByText('Reminders'));
    const form = await screen.findByRole('form', { name: 'Reminders' });
    await fireEvent.input(within(form).getByRole('textbox', { name: /^Email for the digest/ }), {
      target: { value: 'dana@school.test' },
    });
    await fireEvent.click(within(form).getByRole('radio', { name: 'Every morning' }));
    await fireEvent.click(within(form).getByRole('button', { name: 'Save reminders' }));
    await screen.findByText('Reminders saved.');
    expect(server.callsTo('PUT', '/api/reminders')[0]!.body).toEqual({
      email: 'dana@school.test',
      digest: 'daily',
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Make a calendar link' }));
    expect(await screen.findByRole('textbox', { name: /^Your private calendar link/ })).toHaveValue(
      'http://tool.test/calendar/secret-token.ics',
    );
    expect(screen.getByRole('button', { name: 'Stop the link' })).toBeInTheDocument();
    await expectNoAxeViolations();
  });
});
