import { storage } from 'wxt/utils/storage';
import type { SyncState } from '../shared/protocol/messages.ts';

/**
 * Every persisted extension setting. Values are validated again where they are read
 * (services/settings.ts), because storage.local outlives any one version of this code.
 */

/** Origin of the paired coaching server, e.g. `https://coach.example.org`; null when not paired. */
export const serverUrlItem = storage.defineItem<string | null>('local:serverUrl', {
  fallback: null,
  version: 1,
});

/** Bearer token the server issued for this browser at pairing; null when not paired. */
export const deviceTokenItem = storage.defineItem<string | null>('local:deviceToken', {
  fallback: null,
  version: 1,
});

/** Display name the server returned at pairing ("Connected as …"). */
export const teacherNameItem = storage.defineItem<string | null>('local:teacherName', {
  fallback: null,
  version: 1,
});

/** Health of the last sync, shown by the popup and options page. */
export const syncStateItem = storage.defineItem<SyncState>('local:syncState', {
  fallback: 'local-only',
  version: 1,
});

/** Human-readable reason for the last failure; null after a success. */
export const lastErrorItem = storage.defineItem<string | null>('local:lastError', {
  fallback: null,
  version: 1,
});

/**
 * Bumped whenever the stored step may have changed. Content scripts and pages watch it
 * and ask the background for a fresh overview: they never read IndexedDB themselves.
 */
export const stepRevisionItem = storage.defineItem<number>('local:stepRevision', { fallback: 0, version: 1 });

/** The overlay remembers whether the teacher collapsed it, so it does not reopen on every document. */
export const overlayCollapsedItem = storage.defineItem<boolean>('local:overlayCollapsed', {
  fallback: false,
  version: 1,
});
