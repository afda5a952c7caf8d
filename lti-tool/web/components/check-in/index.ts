export { default as CheckInPanel } from './check-in-panel.svelte';
export {
  CheckInState,
  MAX_NOTE_CHARS,
  type CheckInContext,
  type CheckInOptions,
} from './check-in-state.svelte.ts';
