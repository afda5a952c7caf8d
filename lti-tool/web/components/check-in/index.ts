export { default as CheckInPanel } from './check-in-panel.svelte';
export type { CheckInContext, CheckInOptions } from './check-in-state.svelte.ts';
