export { default as ActionStepCard } from './action-step-card.svelte';
