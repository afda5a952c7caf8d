import * as v from 'valibot';
import { ActionStepInputSchema, ActionStepSchema } from '../domain/coaching/action-step.ts';
import { PairingCodeSchema } from './api.ts';

/**
 * Messages the popup, options page and content scripts send to the background.
 * The background validates every one with `ExtensionRequestSchema` before acting.
 */
export const ServerUrlSchema = v.pipe(
  v.string('Server URL must be text'),
  v.trim(),
  v.url('Server URL must be a full address, like https://coach.example.org'),
  v.check((raw) => {
    const url = new URL(raw);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local);
  }, 'Server URL must start with https:// (http:// only for localhost)'),
  v.transform((raw) => new URL(raw).origin),
);

export const ExtensionRequestSchema = v.variant('type', [
  v.object({ type: v.literal('get-overview') }),
  v.object({ type: v.literal('sync-now') }),
  v.object({ type: v.literal('pair'), serverUrl: ServerUrlSchema, code: PairingCodeSchema }),
  v.object({ type: v.literal('unpair') }),
  v.object({ type: v.literal('set-local-step'), step: ActionStepInputSchema }),
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
});
export type Overview = v.InferOutput<typeof OverviewSchema>;

export type ExtensionResponse =
  { ok: true; overview: Overview } | { ok: false; error: { code: string; message: string } };

export const ExtensionResponseSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), overview: OverviewSchema }),
  v.object({ ok: v.literal(false), error: v.object({ code: v.string(), message: v.string() }) }),
]);
