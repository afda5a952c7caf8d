export { default as TimelineChart } from './timeline-chart.svelte';
export { describePoint, summariseTimeline } from './timeline-chart.ts';
export type { TimelineChartProps, TimelinePoint } from './timeline-chart.ts';
