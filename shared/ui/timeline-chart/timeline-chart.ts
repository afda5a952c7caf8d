/** One round on the chart: how many success criteria the coach judged secure, out of how many. */
export interface TimelinePoint {
  roundNumber: number;
  /** null until the coach has given feedback on the round. */
  secured: number | null;
  total: number | null;
}

export interface TimelineChartProps {
  points: TimelinePoint[];
  /** What the chart shows, e.g. "Success criteria secure per round"; starts the spoken summary. */
  label: string;
}

/** "1 of 2 secure" or "no feedback yet": the words for one point, shared by the summary and the table. */
export function describePoint(point: TimelinePoint): string {
  if (point.secured === null || point.total === null) return 'no feedback yet';
  return `${point.secured} of ${point.total} ${point.total === 1 ? 'criterion' : 'criteria'} secure`;
}

/** The chart's spoken summary: every round's number and count, in round order. */
export function summariseTimeline(points: readonly TimelinePoint[], label: string): string {
  if (points.length === 0) return `${label}: no rounds yet.`;
  const sorted = [...points].sort((a, b) => a.roundNumber - b.roundNumber);
  return `${label}: ${sorted.map((point) => `round ${point.roundNumber}, ${describePoint(point)}`).join('; ')}.`;
}
