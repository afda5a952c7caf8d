export { default as LockIcon } from './lock-icon.svelte';
