import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import {
  createActionStepRepository,
  openCoachingDb,
  outboxSize,
  systemClock,
} from '../../../../shared/data/index.ts';
import type { RosterMember } from '../../../../shared/protocol/api.ts';
import type { Change } from '../../../../shared/protocol/sync.ts';
import CoachPage from '../../../../lti-tool/web/pages/coach/coach-page.svelte';
import { coachDbName } from '../../../../lti-tool/web/pages/coach/coach-page-state.svelte.ts';
import { expectNoAxeViolations } from './axe.ts';
import { aStep, appShell, createFakeCoachServer, showTab, testBootstrap } from './fake-api.ts';

const roster: RosterMember[] = [
  { userId: 'teacher-ben', name: 'Ben Okafor', role: 'teacher' },
  { userId: 'coach-1', name: 'Casey Coach', role: 'coach' },
  { userId: 'teacher-ana', name: 'Ana Silva', role: 'teacher' },
];

const bootstrap = testBootstrap({ page: 'coach' });

let idCounter = 0;
const ids = { newId: () => `test-id-${String(++idCounter).padStart(4, '0')}` };

function renderCoachPage(server: ReturnType<typeof createFakeCoachServer>) {
  const rendered = render(CoachPage, {
    target: appShell(),
    props: { bootstrap, deps: { fetch: server.fetch, ids } },
  });
  showTab('Action steps');
  return rendered;
}

async function chooseTeacher(name: string): Promise<void> {
  await fireEvent.click(await screen.findByRole('radio', { name }));
}

function field(name: string): HTMLInputElement | HTMLTextAreaElement {
  const element = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
  if (!element) throw new Error(`No field named ${name}`);
  return element;
}

async function type(name: string, value: string): Promise<void> {
  await fireEvent.input(field(name), { target: { value } });
}

async function fillValidStep(): Promise<void> {
  await type('goal', 'Pupils listen first time');
  await type('title', 'Use a 3-2-1 countdown before instructions');
  await type('what', 'Count down aloud, pause, then give one instruction.');
  await type('successCriteria', 'All pens down by "1"\n\n  Instructions given once only  \n');
  await type('whenToPractise', 'Period 2 with 9B');
  await type('why', 'Attention before instruction.');
}

function pushedChanges(server: ReturnType<typeof createFakeCoachServer>): Change[] {
  return server
    .callsTo('POST', '/api/sync/push')
    .flatMap((call) => (call.body as { changes: Change[] }).changes);
}

describe('coach page', () => {
  it('lists only the course’s teachers, by name, with the session token on every call', async () => {
    const server = createFakeCoachServer({ roster });
    renderCoachPage(server);

    const radios = await screen.findAllByRole('radio');
    expect(radios.map((radio) => radio.getAttribute('value'))).toEqual(['teacher-ana', 'teacher-ben']);
    expect(screen.getByRole('radio', { name: 'Ana Silva' })).not.toBeChecked();
    expect(screen.queryByRole('radio', { name: 'Casey Coach' })).not.toBeInTheDocument();
    // The page has four parts; the action steps are one tab (chosen above: the page lands on "This week").
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Coaching');
    expect(screen.getByRole('tab', { name: 'Action steps' })).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(server.callsTo('GET', '/api/sync/pull')).toHaveLength(1));
    expect(server.requests.every((request) => request.authorization === 'Bearer session-token-123')).toBe(
      true,
    );
  });

  it('shows the chosen teacher’s current step after the pull, or "No action step yet"', async () => {
    const server = createFakeCoachServer({
      roster,
      steps: [
        aStep({ id: 'step-old-01', title: 'An archived step', status: 'archived' }),
        aStep({ id: 'step-cur-01', title: 'Greet at the door with a do-now task' }),
      ],
    });
    renderCoachPage(server);

    await chooseTeacher('Ana Silva');
    const current = await screen.findByRole('region', { name: 'Ana Silva’s current action step' });
    expect(
      await within(current).findByRole('heading', { level: 3, name: 'Greet at the door with a do-now task' }),
    ).toBeInTheDocument();
    expect(within(current).queryByText('An archived step')).not.toBeInTheDocument();
    // The goal of the current step carries over into the new draft.
    expect(field('goal')).toHaveValue('Pupils settle quickly at the start of lessons');

    await chooseTeacher('Ben Okafor');
    const benCurrent = screen.getByRole('region', { name: 'Ben Okafor’s current action step' });
    expect(within(benCurrent).getByText('No action step yet.')).toBeInTheDocument();
    expect(field('goal')).toHaveValue('');
  });

  it('refuses to save without a title: shows the error, keeps what was typed and sends nothing', async () => {
    const server = createFakeCoachServer({ roster });
    renderCoachPage(server);
    await waitFor(() => expect(server.callsTo('GET', '/api/sync/pull')).toHaveLength(1));
    await chooseTeacher('Ana Silva');
    await fillValidStep();
    await type('title', '   ');

    await fireEvent.click(screen.getByRole('button', { name: 'Save action step' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Action step is required');
    expect(field('title')).toHaveAttribute('aria-invalid', 'true');
    expect(field('title')).toHaveAccessibleDescription(/Action step is required/);
    await waitFor(() => expect(field('title')).toHaveFocus());
    expect(field('goal')).toHaveValue('Pupils listen first time');
    expect(field('successCriteria')).toHaveValue(
      'All pens down by "1"\n\n  Instructions given once only  \n',
    );
    expect(server.callsTo('POST', '/api/sync/push')).toHaveLength(0);
    const db = await openCoachingDb(coachDbName(bootstrap.storageKey));
    expect(await db.count('steps')).toBe(0);
    expect(await outboxSize(db)).toBe(0);
    db.close();
    await expectNoAxeViolations();
  });

  it('names every problem when several required fields are empty, and Ctrl+Enter submits', async () => {
    const server = createFakeCoachServer({ roster });
    renderCoachPage(server);
    await chooseTeacher('Ben Okafor');

    await fireEvent.keyDown(field('why'), { key: 'Enter', ctrlKey: true });

    const alert = await screen.findByRole('alert');
    for (const message of [
      'Goal (target performance) is required',
      'Action step is required',
      'Add at least one success criterion',
      'When to practise is required',
    ]) {
      expect(within(alert).getByRole('link', { name: message })).toBeInTheDocument();
    }
    await fireEvent.click(within(alert).getByRole('link', { name: 'When to practise is required' }));
    expect(field('whenToPractise')).toHaveFocus();
    expect(server.callsTo('POST', '/api/sync/push')).toHaveLength(0);
  });

  it('saves a valid step: pushes one change, shows the new card and confirms politely', async () => {
    const server = createFakeCoachServer({
      roster,
      steps: [aStep({ id: 'step-cur-01', title: 'Greet at the door with a do-now task' })],
    });
    renderCoachPage(server);
    await chooseTeacher('Ana Silva');
    await screen.findByRole('heading', { level: 3, name: 'Greet at the door with a do-now task' });
    await fillValidStep();

    await fireEvent.click(screen.getByRole('button', { name: 'Save action step' }));

    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Saved. Ana Silva will see it in their browser extension after the next sync.',
      ),
    );
    expect(pushedChanges(server)).toEqual([
      expect.objectContaining({
        kind: 'set-action-step',
        teacherId: 'teacher-ana',
        step: {
          goal: 'Pupils listen first time',
          title: 'Use a 3-2-1 countdown before instructions',
          what: 'Count down aloud, pause, then give one instruction.',
          successCriteria: ['All pens down by "1"', 'Instructions given once only'],
          whenToPractise: 'Period 2 with 9B',
          why: 'Attention before instruction.',
        },
      }),
    ]);
    const current = screen.getByRole('region', { name: 'Ana Silva’s current action step' });
    expect(
      within(current).getByRole('heading', { level: 3, name: 'Use a 3-2-1 countdown before instructions' }),
    ).toBeInTheDocument();
    expect(within(current).queryByText('Greet at the door with a do-now task')).not.toBeInTheDocument();
    expect(
      within(current)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['All pens down by "1"', 'Instructions given once only']);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    // A fresh draft, keeping the goal.
    expect(field('title')).toHaveValue('');
    expect(field('goal')).toHaveValue('Pupils listen first time');
    expect(server.state.steps.filter((step) => step.status === 'current')).toHaveLength(1);
    expect(screen.getByRole('radio', { name: 'Ana Silva' })).toHaveAccessibleDescription(
      'Has an action step',
    );
    expect(screen.getByRole('radio', { name: 'Ben Okafor' })).toHaveAccessibleDescription(
      'No action step yet',
    );
  });

  it('edits the current step: "Edit this step" fills the form with it, and saving sets the edited step', async () => {
    const server = createFakeCoachServer({
      roster,
      steps: [aStep({ id: 'step-cur-01', title: 'Greet at the door with a do-now task' })],
    });
    renderCoachPage(server);
    await chooseTeacher('Ana Silva');
    const current = await screen.findByRole('region', { name: 'Ana Silva’s current action step' });
    await fireEvent.click(await within(current).findByRole('button', { name: 'Edit this step' }));
    expect(field('title')).toHaveValue('Greet at the door with a do-now task');
    expect(field('title')).toHaveFocus();
    expect(field('successCriteria')).toHaveValue(aStep().successCriteria.join('\n'));

    await fireEvent.input(field('title'), { target: { value: 'Greet at the door by name' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save action step' }));
    await waitFor(() => expect(pushedChanges(server)).toHaveLength(1));
    expect(pushedChanges(server)[0]?.step).toEqual(
      expect.objectContaining({ title: 'Greet at the door by name', goal: aStep().goal }),
    );
    expect(server.state.steps.filter((step) => step.status === 'current')).toHaveLength(1);
  });

  it('keeps the change queued when the server is down, says so, and sends it with "Send now"', async () => {
    const server = createFakeCoachServer({ roster });
    server.state.failPush = true;
    renderCoachPage(server);
    await chooseTeacher('Ben Okafor');
    await fillValidStep();

    await fireEvent.click(screen.getByRole('button', { name: 'Save action step' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not sent to the server yet');
    expect(alert).toHaveTextContent('coaching server had a problem');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved on this device.'));
    // The new card shows from the local database even though the push failed.
    expect(
      screen.getByRole('heading', { level: 3, name: 'Use a 3-2-1 countdown before instructions' }),
    ).toBeInTheDocument();
    const db = await openCoachingDb(coachDbName(bootstrap.storageKey));
    expect(await outboxSize(db)).toBe(1);

    server.state.failPush = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Send now' }));

    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('All changes sent.'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(server.callsTo('POST', '/api/sync/push')).toHaveLength(2);
    expect(server.state.pushed.map((change) => change.teacherId)).toEqual(['teacher-ben']);
    expect(await outboxSize(db)).toBe(0);
    db.close();
  });

  it('reports a failed pull on load and pulls again on "Try again"', async () => {
    const server = createFakeCoachServer({ roster, steps: [aStep()] });
    const pullRoute = server.routes['GET /api/sync/pull']!;
    let down = true;
    server.routes['GET /api/sync/pull'] = (request) =>
      down ? { status: 502, body: { error: { code: 'bad-gateway', message: 'Down' } } } : pullRoute(request);
    renderCoachPage(server);

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not get the latest action steps');
    await chooseTeacher('Ana Silva');
    expect(screen.getByText('No action step yet.')).toBeInTheDocument();
    // With a form open, the alert sits under the Save button.
    const alert = screen.getByRole('alert');
    expect(screen.getByRole('form', { name: 'Set action step' })).toContainElement(alert);

    down = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Action steps are up to date.'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 3, name: 'Greet at the door with a do-now task' }),
    ).toBeInTheDocument();
  });

  it('says when the server refuses a change, without claiming it was saved', async () => {
    const server = createFakeCoachServer({ roster });
    server.routes['POST /api/sync/push'] = (request) => ({
      body: {
        results: (request.body as { changes: Change[] }).changes.map((change) => ({
          changeId: change.id,
          status: 'rejected',
          message: 'That person is not a teacher in this course.',
        })),
      },
    });
    renderCoachPage(server);
    await chooseTeacher('Ben Okafor');
    await fillValidStep();

    await fireEvent.click(screen.getByRole('button', { name: 'Save action step' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The server did not accept the action step: That person is not a teacher in this course.',
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Save action step' })).not.toHaveAttribute('aria-disabled'),
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^$/);
  });

  it('sends a change left queued by an earlier visit as soon as the page opens', async () => {
    const db = await openCoachingDb(coachDbName(bootstrap.storageKey));
    const repo = createActionStepRepository(db, { clock: systemClock, ids });
    await repo.setForTeacher('teacher-ben', {
      goal: 'Clear transitions',
      title: 'Queued while offline',
      what: '',
      successCriteria: ['Under a minute'],
      whenToPractise: 'Tomorrow',
      why: '',
    });
    db.close();
    const server = createFakeCoachServer({ roster });

    renderCoachPage(server);

    await waitFor(() =>
      expect(pushedChanges(server).map((change) => change.step.title)).toEqual(['Queued while offline']),
    );
    await chooseTeacher('Ben Okafor');
    expect(
      await screen.findByRole('heading', { level: 3, name: 'Queued while offline' }),
    ).toBeInTheDocument();
  });

  it('shows names literally, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const server = createFakeCoachServer({
      roster: [{ userId: 'teacher-x', name: hostile, role: 'teacher' }],
    });
    renderCoachPage(server);

    await chooseTeacher(hostile);
    expect(
      screen.getByRole('heading', { level: 2, name: `${hostile}’s current action step` }),
    ).toBeInTheDocument();
    await fillValidStep();
    await type('title', '<b>bold?</b>');
    await fireEvent.click(screen.getByRole('button', { name: 'Save action step' }));

    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(`Saved. ${hostile} will see it`),
    );
    expect(screen.getByRole('heading', { level: 3, name: '<b>bold?</b>' })).toBeInTheDocument();
    expect(document.querySelector('main img, main b')).toBeNull();
  });

  it('reports a roster failure and loads it again on request', async () => {
    const server = createFakeCoachServer({ roster });
    const rosterRoute = server.routes['GET /api/roster']!;
    let fail = true;
    server.routes['GET /api/roster'] = (request) =>
      fail
        ? { status: 401, body: { error: { code: 'unauthenticated', message: 'Expired' } } }
        : rosterRoute(request);
    renderCoachPage(server);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the people in this course.');
    expect(alert).toHaveTextContent('Your session has ended.');

    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('radio', { name: 'Ana Silva' })).toBeInTheDocument();
  });

  it('offers a search box for long rosters that narrows the choices', async () => {
    const many: RosterMember[] = Array.from({ length: 12 }, (_, index) => ({
      userId: `teacher-${index}`,
      name: `Teacher ${String.fromCharCode(65 + index)}`,
      role: 'teacher',
    }));
    const server = createFakeCoachServer({ roster: many });
    renderCoachPage(server);

    await fireEvent.input(await screen.findByRole('searchbox', { name: 'Find a teacher' }), {
      target: { value: 'teacher c' },
    });
    expect(screen.getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['teacher-2']);
  });

  it('has no axe violations with a teacher chosen and a step shown', async () => {
    const server = createFakeCoachServer({ roster, steps: [aStep()] });
    renderCoachPage(server);
    await chooseTeacher('Ana Silva');
    await screen.findByRole('heading', { level: 3, name: 'Greet at the door with a do-now task' });
    await expectNoAxeViolations();
  });

  it('shows scores the LMS refused, by teacher name, and nothing when there are none', async () => {
    const quiet = createFakeCoachServer({ roster });
    const { unmount } = renderCoachPage(quiet);
    await screen.findByRole('radio', { name: 'Ana Silva' });
    await waitFor(() => expect(quiet.requests.some((r) => r.path === '/api/grades/failed')).toBe(true));
    expect(screen.queryByTestId('failed-scores')).toBeNull();
    unmount();

    const server = createFakeCoachServer({
      roster,
      failedGrades: [
        {
          userId: 'teacher-ana',
          gradingProgress: 'FullyGraded',
          scoreGiven: 2,
          scoreMaximum: 3,
          attempts: 1,
          error: 'The platform answered 400',
        },
      ],
    });
    renderCoachPage(server);
    const section = await screen.findByTestId('failed-scores');
    expect(
      within(section).getByRole('heading', { name: 'Scores your LMS did not accept' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(within(section).getByText(/Ana Silva: 2 \/ 3\. The platform answered 400/)).toBeInTheDocument(),
    );
    await expectNoAxeViolations();
  });
});

describe('coach page, when the LMS roster was not fetched', () => {
  it('says why the list may be short, and still lists the teachers it knows', async () => {
    const server = createFakeCoachServer({ roster });
    const message =
      'The course list was not fetched: your LMS gave an address for it that is not registered for your LMS with this tool.';
    server.routes['GET /api/roster'] = () => ({
      body: { members: roster, notice: { code: 'roster-address-refused', message }, next: null },
    });
    renderCoachPage(server);
    const picker = (await screen.findByRole('heading', { name: 'Teachers' })).closest('section')!;
    expect(await within(picker).findByRole('status')).toHaveTextContent(message);
    expect(within(picker).getByRole('radio', { name: 'Ana Silva' })).toBeInTheDocument();
  });
});
