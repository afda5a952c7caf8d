export { default as TimelineChart } from './timeline-chart.svelte';
export { summariseTimeline } from './timeline-chart.ts';
export type { TimelineChartProps, TimelinePoint } from './timeline-chart.ts';
