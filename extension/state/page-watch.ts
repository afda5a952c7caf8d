import { lastErrorItem, stepRevisionItem, syncStateItem, teacherNameItem } from '../storage.ts';
import type { Watchable } from './overview-state.svelte.ts';

/** Extension pages also show sync health and pairing, so they refresh when those change too. */
export const PAGE_WATCHED_ITEMS: readonly Watchable[] = [
  stepRevisionItem,
  syncStateItem,
  lastErrorItem,
  teacherNameItem,
];
