export { default as ShareControl } from './share-control.svelte';
export { default as SharedWithYou } from './shared-with-you.svelte';
export { SharesState } from './shares-state.svelte.ts';
