import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { TimelineChart, summariseTimeline } from '../../../../shared/ui/timeline-chart/index.ts';
import { expectNoAxeViolations } from './axe.ts';
import { appShell } from './fake-api.ts';

describe('TimelineChart', () => {
  const points = [
    { roundNumber: 2, secured: 2, total: 2 },
    { roundNumber: 1, secured: 0, total: 2 },
    { roundNumber: 3, secured: null, total: null },
  ];

  it('summarises every round in order for screen readers, with the numbers in a table', async () => {
    render(TimelineChart, { target: appShell(), props: { points, label: 'Criteria secure' } });

    expect(screen.getByRole('img')).toHaveAccessibleName(
      'Criteria secure: round 1, 0 of 2 criteria secure; round 2, 2 of 2 criteria secure; round 3, no feedback yet.',
    );
    const rows = within(screen.getByRole('table', { name: 'Criteria secure' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      'RoundSuccess criteria',
      '10 of 2 criteria secure',
      '22 of 2 criteria secure',
      '3no feedback yet',
    ]);
    await expectNoAxeViolations();
  });

  it('draws one bar per judged round, scaled to the most criteria', () => {
    render(TimelineChart, {
      target: appShell(),
      props: { points: [{ roundNumber: 1, secured: 1, total: 4 }], label: 'Criteria secure' },
    });
    const bar = document.querySelector('rect.bar');
    const track = document.querySelector('rect.track');
    expect(Number(bar?.getAttribute('height'))).toBeCloseTo(Number(track?.getAttribute('height')) / 4);
  });

  it('draws a round waiting for feedback as a low stub, never as tall as a scored bar', () => {
    render(TimelineChart, { target: appShell(), props: { points, label: 'Criteria secure' } });
    const pending = Number(document.querySelector('rect.pending')?.getAttribute('height'));
    const tracks = [...document.querySelectorAll('rect.track')].map((rect) =>
      Number(rect.getAttribute('height')),
    );
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThan(Math.min(...tracks) / 4);
  });

  it('has words, not an empty picture, before any round', () => {
    render(TimelineChart, { target: appShell(), props: { points: [], label: 'Criteria secure' } });
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.getByRole('table')).toHaveTextContent('No rounds yet');
    expect(summariseTimeline([], 'Criteria secure')).toBe('Criteria secure: no rounds yet.');
  });

  it('says "criterion" for one', () => {
    expect(summariseTimeline([{ roundNumber: 1, secured: 1, total: 1 }], 'X')).toBe(
      'X: round 1, 1 of 1 criterion secure.',
    );
  });
});
