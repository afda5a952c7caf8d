import { storage } from 'wxt/utils/storage';
import type { SyncState } from '../shared/protocol/messages.ts';
import type { CoachFeedbackResponse } from '../shared/protocol/api.ts';

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

/**
 * Ids of default sites (features/site-access/sites.ts) the teacher switched the overlay off on.
 * Content scripts watch it and unmount or mount live. Unknown ids are ignored when read.
 */
export const disabledSitesItem = storage.defineItem<string[]>('local:disabledSites', {
  fallback: [],
  version: 1,
});

/**
 * Where the teacher dragged the overlay, per hostname: pixels from the viewport's top-left corner.
 * Clamped to the viewport when applied, and validated when read (features/action-step-overlay/position.ts).
 */
export const overlayPositionsItem = storage.defineItem<Record<string, { x: number; y: number }>>(
  'local:overlayPositions',
  { fallback: {}, version: 1 },
);

/**
 * Hostnames where the teacher dismissed the "Connect to see your action step" hint, which the overlay
 * shows on a supported page while the extension is neither paired nor holding a step of its own.
 */
export const pairHintDismissedItem = storage.defineItem<string[]>('local:pairHintDismissed', {
  fallback: [],
  version: 1,
});

/**
 * Hostnames the teacher added in the options page (features/site-access/added-sites.ts). Each has
 * an optional host permission and a content script registered by the background
 * (features/site-access/site-scripts.ts).
 */
export const addedSitesItem = storage.defineItem<string[]>('local:addedSites', {
  fallback: [],
  version: 1,
});

/**
 * One weekly reminder: a day of the week (0 is Sunday, as `Date#getDay()` counts) and a local
 * time, e.g. `{ day: 2, time: '10:40' }` for Tuesdays 10:40. Validated when read
 * (services/reminders/schedule.ts holds the schema, which must produce this shape).
 */
export interface ReminderSlot {
  id: string;
  day: number;
  time: string;
}

/** Weekly practice reminders (services/reminders): on or off, and up to 5 day-and-time slots. */
export interface RemindersSetting {
  enabled: boolean;
  slots: ReminderSlot[];
}
export const remindersItem = storage.defineItem<RemindersSetting>('local:reminders', {
  fallback: { enabled: true, slots: [] },
  version: 1,
});

/**
 * When the last reminder fired, until the teacher snoozes, stops or opens it. The popup offers
 * snooze and stop while it is set (Firefox notifications have no buttons).
 */
export const reminderDueItem = storage.defineItem<string | null>('local:reminderDue', {
  fallback: null,
  version: 1,
});

/**
 * Where versions before the IndexedDB outbox kept "I planned for this" check-ins: one key per
 * check-in, `local:checkIn:<id>`. The background moves them into IndexedDB once at start-up
 * (services/check-in-migration.ts); one it cannot read stays here, and is still exported.
 */
export const CHECK_IN_KEY_PREFIX = 'local:checkIn:';

/**
 * Bumped whenever the kept check-ins may have changed (added, sent, refused). The popup and side
 * panel watch it, and the step revision (pairing changes, "Delete everything"), and ask the
 * background for the list again.
 */
export const checkInRevisionItem = storage.defineItem<number>('local:checkInRevision', {
  fallback: 0,
  version: 1,
});

/**
 * The side panel's "today" checklist: which success criteria (by index) the teacher ticked, for
 * which step and day. Never sent anywhere; a new day or a new step starts empty.
 */
export const criteriaTicksItem = storage.defineItem<{ day: string; stepId: string; ticked: number[] } | null>(
  'local:criteriaTicks',
  { fallback: null, version: 1 },
);

/**
 * The last "recent feedback from your coach" the paired server sent (services/coach-feedback.ts),
 * so the side panel shows it offline. Validated when read; cleared when the pairing changes.
 */
export const coachFeedbackItem = storage.defineItem<CoachFeedbackResponse | null>('local:coachFeedback', {
  fallback: null,
  version: 1,
});
