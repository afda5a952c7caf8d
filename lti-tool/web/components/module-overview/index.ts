export { default as ModuleOverview } from './module-overview.svelte';
