export { default as MediaView } from './media-view.svelte';
export { browserObjectUrls, MediaUrls, type MediaEntry, type ObjectUrlPort } from './media-urls.svelte.ts';
