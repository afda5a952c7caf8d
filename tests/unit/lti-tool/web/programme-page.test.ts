import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ProgrammeViewResponse } from '../../../../shared/protocol/programme-api.ts';
import ProgrammePage from '../../../../lti-tool/web/pages/programme/programme-page.svelte';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeApi, testBootstrap } from './fake-api.ts';

const NOW = new Date('2026-03-18T12:00:00Z');

const shown = (overrides: Record<string, number | null> = {}) => ({
  suppressed: false as const,
  teachers: 12,
  teachersCoached: 10,
  conversationsPerTeacherPerMonth: 1.5,
  observationsPerTeacherPerMonth: 0.5,
  medianDaysBetweenConversations: 14,
  securedShare: 0.25,
  roundsPerTeacher: 3,
  reviewedWithin3DaysShare: 0.8,
  checkInsPerTeacher: 2,
  checkBacksOverdue: 1,
  ...overrides,
});

function aView(
  months: string[],
  overrides: Partial<ProgrammeViewResponse['summary']> = {},
): ProgrammeViewResponse {
  return {
    scope: { kind: 'school', names: ['Northfield Academy'] },
    asOf: '2026-03-20T09:30:00.000Z',
    period: {
      months,
      from: `${months[0]}-01T00:00:00.000Z`,
      to: '2026-04-01T00:00:00.000Z',
      weekStarts: ['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
    },
    summary: {
      programme: shown(),
      schools: [
        {
          id: 'school-1',
          name: 'Northfield Academy',
          courses: 2,
          figures: shown(),
          months: months.map((month) => ({ month, conversationsPerTeacher: 1.5 })),
        },
      ],
      courses: [
        { key: 'course-1', title: 'ECT year 1', figures: shown() },
        { key: 'course-2', title: 'ECT year 2', figures: { suppressed: true } },
      ],
      coaches: [
        { id: 'coach-1', name: 'Ada Coach', figures: shown(), weeks: [2, 0, 3] },
        { id: 'coach-2', name: 'Ben Coach', figures: { suppressed: true }, weeks: null },
      ],
      modules: [],
      ...overrides,
    },
    note: '',
  };
}

function renderPage() {
  const api = createFakeApi({
    'GET /api/programme': (request) => {
      const months = Number(new URLSearchParams(request.search).get('months'));
      const list = Array.from(
        { length: months },
        (_, index) => `2026-${String(3 - months + 1 + index).padStart(2, '0')}`,
      );
      return {
        body: aView(
          list.map((month) => (month.startsWith('2026-0') || month.startsWith('2026-1') ? month : '2025-12')),
          months === 1 ? { programme: shown({ medianDaysBetweenConversations: 7 }) } : {},
        ),
      };
    },
    'PUT /api/programme/notes': (request) => ({ body: { note: (request.body as { text: string }).text } }),
  });
  render(ProgrammePage, {
    target: appShell(),
    props: {
      bootstrap: testBootstrap({ page: 'programme', user: { name: 'Dana Leader' } }),
      deps: { fetch: api.fetch, now: () => NOW },
    },
  });
  return api;
}

describe('the programme page', () => {
  it('leads with cadence and steps secured for the last three months, and passes axe', async () => {
    const api = renderPage();
    const headline = await screen.findByTestId('programme-headline');
    expect(
      within(headline).getByText('Median days between conversations').nextElementSibling?.textContent,
    ).toBe('14 days');
    expect(
      within(headline).getByText('Teachers with a step secured in the last 4 weeks').nextElementSibling
        ?.textContent,
    ).toBe('25%');
    expect(api.callsTo('GET', '/api/programme')[0]!.search).toBe('?months=3&end=2026-03');
    expect(screen.getByTestId('programme-scope').textContent).toContain('Northfield Academy');
    await expectNoAxeViolations();
  });

  it('fetches the chosen period and updates the figures', async () => {
    const api = renderPage();
    await screen.findByTestId('programme-headline');
    await fireEvent.change(screen.getByRole('combobox', { name: 'Period' }), { target: { value: '1' } });
    await waitFor(() =>
      expect(within(screen.getByTestId('programme-headline')).getByText('7 days')).toBeTruthy(),
    );
    expect(api.callsTo('GET', '/api/programme').at(-1)!.search).toBe('?months=1&end=2026-03');
  });

  it('draws charts with accessible names, each with its table behind a toggle', async () => {
    renderPage();
    await screen.findByTestId('programme-headline');
    expect(screen.getByRole('img', { name: /Ada Coach: 2 of 3 weeks with a conversation/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /Northfield Academy.*Mar 2026: 1\.5/ })).toBeTruthy();
    // Small groups say so and draw nothing.
    expect(screen.getAllByText(/Fewer than 5 teachers/).length).toBeGreaterThanOrEqual(2);

    const toggles = screen.getAllByRole('button', { name: 'Show as a table' });
    await fireEvent.click(toggles[1]!);
    expect(toggles[1]!.getAttribute('aria-expanded')).toBe('true');
    const table = screen.getByRole('table', { name: /Conversations each week/ });
    expect(within(table).getByRole('rowheader', { name: 'Ada Coach' }).parentElement?.textContent).toMatch(
      /2\s*0\s*3/,
    );
    await expectNoAxeViolations();
  });

  it("saves the leader's own note on the period", async () => {
    const api = renderPage();
    await screen.findByTestId('programme-headline');
    await fireEvent.input(screen.getByRole('textbox', { name: 'Your notes on this period' }), {
      target: { value: 'Ask about Thursday cover.' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save notes' }));
    await screen.findByText('Notes saved.');
    expect(api.callsTo('PUT', '/api/programme/notes')[0]!.body).toEqual({
      period: '2026-03/3',
      text: 'Ask about Thursday cover.',
    });
  });
});
