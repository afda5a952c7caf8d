export { Loaded } from './loaded.svelte.ts';
