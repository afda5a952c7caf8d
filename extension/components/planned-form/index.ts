export { default as PlannedForm } from './planned-form.svelte';
export { PlannedFormState, type CheckInStore } from './planned-form-state.svelte.ts';
