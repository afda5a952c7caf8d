export { default as ModuleOverview } from './module-overview.svelte';
export { default as ModuleStep } from './module-step.svelte';
