export { default as StatusMessage } from './status-message.svelte';
