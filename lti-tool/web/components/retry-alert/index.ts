export { default as RetryAlert } from './retry-alert.svelte';
