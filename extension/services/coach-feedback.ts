import * as v from 'valibot';
import { requestJson } from '../../shared/data/http-request.ts';
import { SyncError } from '../../shared/data/errors.ts';
import { API, CoachFeedbackResponseSchema, type CoachFeedbackResponse } from '../../shared/protocol/api.ts';
import { coachFeedbackItem, deviceTokenItem, syncStateItem } from '../storage.ts';
import { reportError } from '../errors.ts';
import { createSerialQueue } from './serial-queue.ts';
import type { Settings } from './settings.ts';

export interface CoachFeedbackDeps {
  settings: { read(): Promise<Pick<Settings, 'serverUrl' | 'deviceToken'>> };
  fetch?: typeof fetch;
}

/**
 * Asks the paired server for the teacher's recent coach feedback and keeps it for the side panel.
 * Local-only mode asks nothing. A failed or malformed reply keeps what was stored before.
 */
export async function refreshCoachFeedback(deps: CoachFeedbackDeps): Promise<void> {
  const { serverUrl, deviceToken } = await deps.settings.read();
  if (serverUrl === null || deviceToken === null) return;
  try {
    const body = await requestJson(
      { baseUrl: serverUrl, token: () => deviceToken, fetch: deps.fetch },
      API.extensionFeedback,
      { method: 'GET' },
      CoachFeedbackResponseSchema,
    );
    // Unpaired or paired again meanwhile: this answer belongs to nobody now.
    if ((await deps.settings.read()).deviceToken !== deviceToken) return;
    await coachFeedbackItem.setValue(body);
  } catch (error) {
    // Offline, revoked, refused or unreadable: the next good sync asks again.
    if (!(error instanceof SyncError)) reportError('coach feedback', error);
  }
}

/** The stored feedback, validated again (storage outlives any one version); null when none or unreadable. */
export async function readCoachFeedback(): Promise<CoachFeedbackResponse | null> {
  const parsed = v.safeParse(CoachFeedbackResponseSchema, await coachFeedbackItem.getValue());
  return parsed.success ? parsed.output : null;
}

/** Background wiring: fetch after each good sync; forget on (un)pairing. Returns a stop function. */
export function startCoachFeedback(deps: CoachFeedbackDeps): () => void {
  const serial = createSerialQueue();
  const run = (task: () => Promise<void>) => {
    serial(task).catch((error: unknown) => reportError('coach feedback', error));
  };
  const unwatchSync = syncStateItem.watch((state) => {
    if (state === 'synced') run(() => refreshCoachFeedback(deps));
  });
  const unwatchPairing = deviceTokenItem.watch(() => run(() => coachFeedbackItem.removeValue()));
  return () => {
    unwatchSync();
    unwatchPairing();
  };
}
