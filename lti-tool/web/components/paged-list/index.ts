export { PagedList, type LoadedPage, type PagedListOptions } from './paged-list.svelte.ts';
export { default as ShowMore } from './show-more.svelte';
