import type { CheckInInput } from '../domain/coaching/practice.ts';
import {
  ConflictBodySchema,
  CYCLE_API,
  type CycleRecordSave,
  type CycleSaveAnswer,
} from '../protocol/cycle-api.ts';
import { API } from '../protocol/api.ts';
import { CheckInResponseSchema, PRACTICE_API } from '../protocol/practice-api.ts';
import { PullResponseSchema, PushResponseSchema } from '../protocol/sync.ts';
import type { PullResponse, PushRequest, PushResponse } from '../protocol/sync.ts';
import * as v from 'valibot';
import {
  authorizedFetch,
  jsonRequest,
  readJson,
  requestJson,
  responseError,
  type HttpTransportOptions,
} from './http-request.ts';
import { uploadMedia } from './media-upload.ts';
import type { SyncTransport } from './ports.ts';

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  return {
    push: (request: PushRequest, signal?: AbortSignal): Promise<PushResponse> =>
      requestJson(options, API.syncPush, { method: 'POST', body: request, signal }, PushResponseSchema),
    pull: (cursor: string, signal?: AbortSignal): Promise<PullResponse> =>
      requestJson(
        options,
        `${API.syncPull}?since=${encodeURIComponent(cursor)}`,
        { method: 'GET', signal },
        PullResponseSchema,
      ),
    async saveCycleRecord(save: CycleRecordSave, signal?: AbortSignal): Promise<CycleSaveAnswer> {
      const path =
        save.kind === 'observation' ? CYCLE_API.observation(save.id) : CYCLE_API.conversation(save.id);
      const response = await authorizedFetch(
        options,
        path,
        jsonRequest({ method: 'PUT', body: save.body, signal }),
      );
      if (response.status === 409) {
        const conflict = await readJson(response, ConflictBodySchema);
        return { status: 'conflict', current: conflict.current };
      }
      if (!response.ok) throw await responseError(response);
      const stored = await readJson(response, v.object({ version: v.number() }));
      return { status: 'saved', version: stored.version };
    },
    async uploadMedia(id: string, blob: Blob, signal?: AbortSignal): Promise<void> {
      await uploadMedia(options, id, blob, { signal });
    },
    async checkIn(checkIn: CheckInInput, signal?: AbortSignal): Promise<void> {
      await requestJson(
        options,
        PRACTICE_API.checkIns,
        { method: 'POST', body: checkIn, signal },
        CheckInResponseSchema,
      );
    },
  };
}
