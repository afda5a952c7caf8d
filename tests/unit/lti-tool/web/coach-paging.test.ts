import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RosterMember } from '../../../../shared/protocol/api.ts';
import type { HistoryResponse } from '../../../../shared/protocol/practice-api.ts';
import CoachPage from '../../../../lti-tool/web/pages/coach/coach-page.svelte';
import { expectNoAxeViolations } from './axe.ts';
import {
  aStep,
  appShell,
  createFakeCoachServer,
  showTab,
  testBootstrap,
  type FakeHandler,
} from './fake-api.ts';

/** A paged route: `pages[0]` for no cursor, then `pages[n]` for the cursor `page-n`. */
function pagedRoute(
  pages: unknown[][],
  body: (items: unknown[], next: string | null) => unknown,
): FakeHandler {
  return (request) => {
    const after = new URLSearchParams(request.search).get('after');
    const index = after === null ? 0 : Number(after.replace('page-', ''));
    const items = pages[index];
    if (!items) return { status: 400, body: { error: { code: 'invalid-input', message: 'Not a position' } } };
    return { body: body(items, index + 1 < pages.length ? `page-${index + 1}` : null) };
  };
}

function renderCoachPage(server: ReturnType<typeof createFakeCoachServer>) {
  const rendered = render(CoachPage, {
    target: appShell(),
    props: { bootstrap: testBootstrap({ page: 'coach' }), deps: { fetch: server.fetch } },
  });
  showTab('Action steps');
  return rendered;
}

describe('coach page: lists the server gives a page at a time', () => {
  it('loads every page of the roster before showing the teachers, sorted by name', async () => {
    const member = (userId: string, name: string): RosterMember => ({ userId, name, role: 'teacher' });
    const pages = [
      [member('t-01', 'Zara Quinn'), member('t-02', 'Ana Silva')],
      [member('t-03', 'Mo Patel'), { userId: 'c-01', name: 'Casey Coach', role: 'coach' }],
      [member('t-05', 'Ben Okafor')],
    ];
    const server = createFakeCoachServer({ roster: [] });
    server.routes['GET /api/roster'] = pagedRoute(pages, (members, next) => ({ members, next }));
    renderCoachPage(server);

    await screen.findByRole('radio', { name: 'Ana Silva' });
    const picker = screen.getByRole('group', { name: 'Choose a teacher' });
    const radios = within(picker).getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((radio) => radio.labels?.[0]?.textContent)).toEqual([
      'Ana Silva',
      'Ben Okafor',
      'Mo Patel',
      'Zara Quinn',
    ]);
    const searches = server.callsTo('GET', '/api/roster').map((call) => new URLSearchParams(call.search));
    expect(searches.map((search) => search.get('after'))).toEqual([null, 'page-1', 'page-2']);
    expect(searches.every((search) => search.get('limit') === '500')).toBe(true);
  });

  it('shows the latest failed scores and "Show more failed scores" fetches the next page', async () => {
    const failed = (n: number) => ({
      userId: 'teacher-ana',
      gradingProgress: 'FullyGraded',
      scoreGiven: n,
      scoreMaximum: 100,
      attempts: 5,
      error: `Refused ${n}`,
    });
    const server = createFakeCoachServer({
      roster: [{ userId: 'teacher-ana', name: 'Ana Silva', role: 'teacher' }],
    });
    server.routes['GET /api/grades/failed'] = pagedRoute(
      [Array.from({ length: 20 }, (_, i) => failed(i + 1)), [failed(21), failed(22)]],
      (items, next) => ({ failed: items, next }),
    );
    renderCoachPage(server);
    const section = await screen.findByTestId('failed-scores');
    await screen.findByRole('radio', { name: 'Ana Silva' });
    expect(within(section).getAllByRole('listitem')).toHaveLength(20);

    await fireEvent.click(within(section).getByRole('button', { name: 'Show more failed scores' }));

    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(22));
    expect(within(section).getAllByRole('listitem').at(-1)).toHaveTextContent(
      'Ana Silva: 22 / 100. Refused 22',
    );
    expect(within(section).getByText('That is every score your LMS did not accept.')).toHaveFocus();
    expect(within(section).getByText('2 more failed scores shown.')).toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('shows the newest history first, and "Show earlier history" brings the earlier cycles in', async () => {
    const stepA = aStep({
      id: 'step-a-0001',
      title: 'Greet at the door',
      status: 'archived',
      setAt: '2025-01-06T12:00:00.000Z',
    });
    const stepB = aStep({
      id: 'step-b-0001',
      title: 'Ask, pause, then name',
      status: 'current',
      setAt: '2025-02-03T12:00:00.000Z',
    });
    const round = (id: string, moduleTitle: string, submittedAt: string) => ({
      id,
      moduleId: moduleTitle.toLowerCase().replace(/\W+/g, '-'),
      moduleTitle,
      traineeId: 'teacher-ana',
      roundNumber: 1,
      script: `Script of ${id}`,
      audioId: null,
      selfAssessment: ['secure' as const, 'not-yet' as const],
      submittedAt,
      feedback: null,
    });
    const newest: HistoryResponse = {
      trainee: { userId: 'teacher-ana', name: 'Ana Silva' },
      steps: [stepB],
      rounds: [round('round-0004', 'Ask, pause, then name', '2025-02-05T12:00:00.000Z')],
      checkIns: [
        {
          id: 'check-0002',
          actionStepId: null,
          outcome: 'partly',
          note: 'Forgot the pause twice.',
          at: '2025-02-10T12:00:00.000Z',
        },
      ],
      reflections: [
        {
          id: 'refl-0001',
          wentWell: 'They settled fast.',
          change: '',
          next: '',
          writtenAt: '2025-01-12T12:00:00.000Z',
        },
      ],
      // The step in effect at this page's oldest entry (the reflection), set before the page.
      earlierSteps: [stepA],
      next: 'page-1',
    };
    const earlier: HistoryResponse = {
      trainee: newest.trainee,
      steps: [stepA],
      rounds: [
        round('round-0003', 'Calm entry routine', '2025-01-08T12:00:00.000Z'),
        round('round-0001', 'Calm entry routine', '2025-01-02T12:00:00.000Z'),
      ],
      checkIns: [
        {
          id: 'check-0001',
          actionStepId: 'step-a-0001',
          outcome: 'went-well',
          note: 'Calm start!',
          at: '2025-01-10T12:00:00.000Z',
        },
      ],
      reflections: [],
      earlierSteps: [],
      next: null,
    };
    const server = createFakeCoachServer({
      roster: [{ userId: 'teacher-ana', name: 'Ana Silva', role: 'teacher' }],
    });
    server.routes['GET /api/review-queue'] = () => ({ body: { items: [], total: 0, next: null } });
    server.routes['GET /api/trainees/teacher-ana/history'] = (request) =>
      request.search === ''
        ? { body: newest }
        : request.search === '?after=page-1'
          ? { body: earlier }
          : { status: 400, body: { error: { code: 'invalid-input', message: 'No' } } };
    renderCoachPage(server);
    await screen.findByRole('radio', { name: 'Ana Silva' });
    await fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    const panel = screen.getByRole('tabpanel', { name: 'History' });
    await fireEvent.change(within(panel).getByRole('combobox', { name: 'Teacher' }), {
      target: { value: 'teacher-ana' },
    });
    await within(panel).findByText('Private: only Ana Silva and their coach can see this.');

    const headings = () =>
      within(panel)
        .getAllByRole('region')
        .map((cycle) =>
          within(cycle).getByRole('heading', { level: 3 }).textContent?.replace(/\s+/g, ' ').trim(),
        );
    // Earlier cycles are still on the server: no numbers yet, and the reflection sits with its step.
    expect(headings()).toEqual(['Greet at the door', 'Ask, pause, then name Current']);
    expect(
      within(within(panel).getAllByRole('region')[0]!).getByText('They settled fast.'),
    ).toBeInTheDocument();

    await fireEvent.click(within(panel).getByRole('button', { name: 'Show earlier history' }));

    await waitFor(() =>
      expect(headings()).toEqual([
        'Cycle 1: practising Calm entry routine',
        'Cycle 2: Greet at the door',
        'Cycle 3: Ask, pause, then name Current',
      ]),
    );
    expect(server.callsTo('GET', '/api/trainees/teacher-ana/history').map((call) => call.search)).toEqual([
      '',
      '?after=page-1',
    ]);
    expect(within(panel).queryByRole('button', { name: 'Show earlier history' })).toBeNull();
    expect(within(panel).getByText('This is the whole history, from the start.')).toHaveFocus();
    expect(within(panel).getByText('4 earlier entries shown.')).toBeInTheDocument();
    expect(within(panel).getByText('Calm start!')).toBeInTheDocument();
    await expectNoAxeViolations();
  });
});
