export { default as TabList } from './tab-list.svelte';
export { TabsState } from './tabs-state.svelte.ts';
