import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RosterMember } from '../../../../shared/protocol/api.ts';
import type { HistoryResponse } from '../../../../shared/protocol/practice-api.ts';
import CoachPage from '../../../../lti-tool/web/pages/coach/coach-page.svelte';
import { groupIntoCycles } from '../../../../lti-tool/web/pages/coach/history-cycles.ts';
import { expectNoAxeViolations } from './axe.ts';
import { aStep, appShell, createFakeCoachServer, showTab, testBootstrap } from './fake-api.ts';

const roster: RosterMember[] = [
  { userId: 'teacher-ana', name: 'Ana Silva', role: 'teacher' },
  { userId: 'teacher-ben', name: 'Ben Okafor', role: 'teacher' },
];

type HistoryRound = HistoryResponse['rounds'][number];

function aRound(overrides: Partial<HistoryRound> = {}): HistoryRound {
  return {
    id: 'round-0001',
    moduleId: 'calm-entry-routine',
    moduleTitle: 'Calm entry routine',
    traineeId: 'teacher-ana',
    roundNumber: 1,
    script: 'Good morning, coats off, books out.',
    audioId: null,
    selfAssessment: ['secure', 'not-yet'],
    submittedAt: '2025-01-02T12:00:00.000Z',
    feedback: null,
    ...overrides,
  };
}

const feedback = (criteria: ('secure' | 'not-yet')[], givenAt: string) => ({
  praise: 'You met “Greet every pupil by name”: all 28 of them.',
  probe: 'What did the last three pupils need?',
  nextStep: 'Rehearse the gesture to the board.',
  criteria,
  coachName: 'Casey Coach',
  givenAt,
});

const history: HistoryResponse = {
  trainee: { userId: 'teacher-ana', name: 'Ana Silva' },
  steps: [
    aStep({
      id: 'step-b-0001',
      title: 'Ask, pause, then name',
      status: 'current',
      setAt: '2025-02-03T12:00:00.000Z',
    }),
    aStep({
      id: 'step-a-0001',
      title: 'Greet at the door',
      status: 'archived',
      setAt: '2025-01-06T12:00:00.000Z',
    }),
  ],
  rounds: [
    aRound({
      id: 'round-0003',
      roundNumber: 2,
      submittedAt: '2025-01-08T12:00:00.000Z',
      feedback: feedback(['secure', 'secure'], '2025-01-09T12:00:00.000Z'),
    }),
    aRound({ feedback: feedback(['not-yet', 'secure'], '2025-01-03T12:00:00.000Z') }),
    aRound({
      id: 'round-0004',
      moduleId: 'ask-pause-then-name',
      moduleTitle: 'Ask, pause, then name',
      submittedAt: '2025-02-05T12:00:00.000Z',
    }),
  ],
  checkIns: [
    {
      id: 'check-0002',
      actionStepId: null,
      outcome: 'partly',
      note: 'Forgot the pause twice.',
      at: '2025-02-10T12:00:00.000Z',
    },
    {
      id: 'check-0001',
      actionStepId: 'step-a-0001',
      outcome: 'went-well',
      note: 'Calm start!',
      at: '2025-01-10T12:00:00.000Z',
    },
  ],
  reflections: [
    {
      id: 'refl-0001',
      wentWell: 'They settled fast.',
      change: '',
      next: 'Use names more.',
      writtenAt: '2025-01-12T12:00:00.000Z',
    },
  ],
  earlierSteps: [],
  next: null,
};

describe('groupIntoCycles', () => {
  it('groups by action step (from its setAt to the next one), practice before any step by module, in date order', () => {
    const cycles = groupIntoCycles(history);
    expect(cycles.map((cycle) => [cycle.kind, cycle.entries.map((entry) => entry.kind)])).toEqual([
      ['module', ['round']],
      ['step', ['round', 'check-in', 'reflection']],
      ['step', ['round', 'check-in']],
    ]);
    expect(cycles[1]!.charts).toEqual([
      {
        moduleId: 'calm-entry-routine',
        moduleTitle: 'Calm entry routine',
        points: [{ roundNumber: 2, secured: 2, total: 2 }],
      },
    ]);
    expect(cycles[2]!.charts[0]!.points).toEqual([{ roundNumber: 1, secured: null, total: null }]);
  });

  it('puts a check-in with its named step whatever its date, and loose entries in their own cycle', () => {
    const cycles = groupIntoCycles({
      steps: [aStep({ id: 'step-a-0001', setAt: '2025-01-06T12:00:00.000Z' })],
      rounds: [],
      checkIns: [
        {
          id: 'check-0001',
          actionStepId: 'step-a-0001',
          outcome: 'went-well',
          note: '',
          at: '2025-01-01T12:00:00.000Z',
        },
        {
          id: 'check-0002',
          actionStepId: null,
          outcome: 'not-yet',
          note: '',
          at: '2025-01-02T12:00:00.000Z',
        },
      ],
      reflections: [],
    });
    expect(cycles.map((cycle) => [cycle.kind, cycle.entries.map((entry) => entry.at)])).toEqual([
      ['loose', ['2025-01-02T12:00:00.000Z']],
      ['step', ['2025-01-01T12:00:00.000Z']],
    ]);
  });
});

describe('coach page: history', () => {
  it('shows a teacher’s cycles with steps, rounds and feedback, the chart, check-ins and reflections', async () => {
    const server = createFakeCoachServer({ roster });
    server.routes['GET /api/review-queue'] = () => ({ body: { items: [], total: 0, next: null } });
    server.routes['GET /api/trainees/teacher-ana/history'] = () => ({ body: history });
    render(CoachPage, {
      target: appShell(),
      props: { bootstrap: testBootstrap({ page: 'coach' }), deps: { fetch: server.fetch } },
    });
    showTab('Action steps');
    await screen.findByRole('radio', { name: 'Ana Silva' });
    await fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    const panel = screen.getByRole('tabpanel', { name: 'History' });

    await fireEvent.change(within(panel).getByRole('combobox', { name: 'Teacher' }), {
      target: { value: 'teacher-ana' },
    });

    expect(
      await within(panel).findByText('Private: only Ana Silva and their coach can see this.'),
    ).toBeInTheDocument();
    expect(server.callsTo('GET', '/api/trainees/teacher-ana/history')).toHaveLength(1);
    const cycles = within(panel).getAllByRole('region');
    expect(
      cycles.map((cycle) =>
        within(cycle).getByRole('heading', { level: 3 }).textContent?.replace(/\s+/g, ' ').trim(),
      ),
    ).toEqual([
      'Cycle 1: practising Calm entry routine',
      'Cycle 2: Greet at the door',
      'Cycle 3: Ask, pause, then name Current',
    ]);

    const [practice, first, current] = cycles as [HTMLElement, HTMLElement, HTMLElement];
    expect(
      within(practice).getByRole('table', { name: 'Criteria secured per round: Calm entry routine' }),
    ).toHaveTextContent('1 of 2 criteria secure');
    expect(
      within(first)
        .getAllByRole('heading', { level: 4 })
        .map((heading) => heading.textContent),
    ).toEqual(['Round 2 of Calm entry routine', 'Check-in: Went well', 'Reflection']);
    expect(within(first).getByText('What did the last three pupils need?')).toBeInTheDocument();
    // Once in the round's feedback, once in the chart's table.
    expect(within(first).getAllByText('2 of 2 criteria secure')).toHaveLength(2);
    expect(within(first).getByText('Calm start!')).toBeInTheDocument();
    expect(within(first).getByText('Use names more.')).toBeInTheDocument();
    expect(within(first).getByRole('list', { name: 'Success criteria' })).toBeInTheDocument();
    expect(
      within(current).getByRole('table', { name: 'Criteria secured per round: Ask, pause, then name' }),
    ).toHaveTextContent('no feedback yet');
    expect(within(current).getByText('Waiting for feedback.')).toBeInTheDocument();
    expect(within(current).getByText('Forgot the pause twice.')).toBeInTheDocument();
    await expectNoAxeViolations();
  });

  it('reports a history that could not be loaded, and loads it again', async () => {
    const server = createFakeCoachServer({ roster });
    let fail = true;
    server.routes['GET /api/trainees/teacher-ben/history'] = () =>
      fail
        ? { status: 403, body: { error: { code: 'forbidden', message: 'Not your trainee.' } } }
        : {
            body: {
              ...history,
              trainee: { userId: 'teacher-ben', name: 'Ben Okafor' },
              steps: [],
              rounds: [],
              checkIns: [],
              reflections: [],
            },
          };
    render(CoachPage, {
      target: appShell(),
      props: { bootstrap: testBootstrap({ page: 'coach' }), deps: { fetch: server.fetch } },
    });
    showTab('Action steps');
    await screen.findByRole('radio', { name: 'Ana Silva' });
    await fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Teacher' }), {
      target: { value: 'teacher-ben' },
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load this teacher’s history. Not your trainee.');
    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() =>
      expect(
        screen.getByText('Nothing yet: no action steps, rehearsals, check-ins or reflections.'),
      ).toBeInTheDocument(),
    );
    expect(screen.getByText('Private: only Ben Okafor and their coach can see this.')).toBeInTheDocument();
  });
});
