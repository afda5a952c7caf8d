import * as v from 'valibot';
import { ActionStepInputSchema, ActionStepSchema } from '../domain/coaching/action-step.ts';
import {
  MAX_NOTE_CHARS,
  StoredCheckInSchema,
  type StoredCheckIn,
} from '../domain/coaching/stored-check-in.ts';
import { IdSchema } from '../domain/coaching/text.ts';
import { PairingCodeSchema } from './api.ts';
import { isCoachingServerUrl, parseUrl } from './pairing-link.ts';
import { ChangeSchema } from './sync.ts';

/**
 * Messages the popup, options page and content scripts send to the background.
 * The background validates every one with `ExtensionRequestSchema` before acting.
 */
export const ServerUrlSchema = v.pipe(
  v.string('Server URL must be text'),
  v.trim(),
  v.url('Server URL must be a full address, like https://coach.example.org'),
  // Checks run on after a failed `url`: this one must not throw on what is not a URL at all.
  v.check((raw) => {
    const url = parseUrl(raw);
    return url === null || isCoachingServerUrl(url);
  }, 'Server URL must start with https:// (http:// only for localhost)'),
  v.transform((raw) => new URL(raw).origin),
);

export const ExtensionRequestSchema = v.variant('type', [
  v.object({ type: v.literal('get-overview') }),
  v.object({ type: v.literal('sync-now') }),
  v.object({ type: v.literal('pair'), serverUrl: ServerUrlSchema, code: PairingCodeSchema }),
  v.object({ type: v.literal('unpair') }),
  v.object({ type: v.literal('set-local-step'), step: ActionStepInputSchema }),
  /** Everything this browser keeps, minus the device token (options page, "Export all my data"). */
  v.object({ type: v.literal('export-data') }),
  /** Revoke on the server (best effort), then empty IndexedDB and storage.local. */
  v.object({ type: v.literal('delete-everything') }),
  /**
   * "I planned for this" (popup, side panel): kept in this browser, and queued for the coach when
   * paired. Only the teacher's own words, never anything read from a page.
   */
  v.object({
    type: v.literal('add-check-in'),
    note: v.pipe(
      v.string('The note must be text'),
      v.trim(),
      v.maxLength(MAX_NOTE_CHARS, `Keep the note to ${MAX_NOTE_CHARS} characters`),
    ),
    actionStepId: v.nullable(IdSchema),
  }),
  /** The check-ins kept in this browser, newest first, each with its state. */
  v.object({ type: v.literal('list-check-ins') }),
  /**
   * The "Connect to see your action step" hint on a lesson-planning page: opens the options page
   * (content scripts cannot call runtime.openOptionsPage). It carries nothing and changes nothing.
   */
  v.object({ type: v.literal('open-options') }),
]);
export type ExtensionRequest = v.InferInput<typeof ExtensionRequestSchema>;
export type ParsedExtensionRequest = v.InferOutput<typeof ExtensionRequestSchema>;

export const SyncStateSchema = v.picklist(['local-only', 'synced', 'syncing', 'offline', 'error', 'revoked']);
export type SyncState = v.InferOutput<typeof SyncStateSchema>;

/** Everything a UI needs to draw itself: the step, where it came from, and sync health. */
export const OverviewSchema = v.object({
  step: v.nullable(ActionStepSchema),
  mode: v.picklist(['local', 'paired']),
  serverUrl: v.nullable(v.string()),
  teacherName: v.nullable(v.string()),
  syncState: SyncStateSchema,
  lastSyncedAt: v.nullable(v.string()),
  lastError: v.nullable(v.string()),
  /** Paired only: local changes waiting in the outbox. */
  pendingChanges: v.optional(v.number()),
  /** Paired only: why the server refused the last local change(s), e.g. the coach set a newer step. */
  conflict: v.optional(v.nullable(v.string())),
});
export type Overview = v.InferOutput<typeof OverviewSchema>;

/** The "Export all my data" file: settings without the device token, steps and the outbox. */
export const ExportedDataSchema = v.object({
  format: v.literal('action-step-coach-export'),
  version: v.literal(1),
  exportedAt: v.string(),
  settings: v.object({
    serverUrl: v.nullable(v.string()),
    teacherName: v.nullable(v.string()),
    syncState: SyncStateSchema,
    lastError: v.nullable(v.string()),
    lastSyncedAt: v.nullable(v.string()),
  }),
  steps: v.array(ActionStepSchema),
  outbox: v.array(ChangeSchema),
  /** Check-ins kept in this browser (sent, waiting, local or refused), as stored. */
  checkIns: v.array(v.unknown()),
  /** Every other storage.local key (overlay, reminders, sites…), never the device token. */
  preferences: v.record(v.string(), v.unknown()),
});
export type ExportedData = v.InferOutput<typeof ExportedDataSchema>;

export type ExtensionResponse =
  | {
      ok: true;
      overview: Overview;
      exported?: ExportedData;
      /** add-check-in: the check-in as kept ('pending' when paired, else 'local'). */
      checkIn?: StoredCheckIn;
      /** list-check-ins: newest first. */
      checkIns?: StoredCheckIn[];
    }
  | { ok: false; error: { code: string; message: string } };

export const ExtensionResponseSchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    overview: OverviewSchema,
    exported: v.optional(ExportedDataSchema),
    checkIn: v.optional(StoredCheckInSchema),
    checkIns: v.optional(v.array(StoredCheckInSchema)),
  }),
  v.object({ ok: v.literal(false), error: v.object({ code: v.string(), message: v.string() }) }),
]);
