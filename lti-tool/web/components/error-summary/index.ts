export { default as ErrorSummary } from './error-summary.svelte';
export type { ErrorSummaryItem } from './types.ts';
