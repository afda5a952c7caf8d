import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import { PRIVACY_API, ErasureRequestResponseSchema } from '../../../../shared/protocol/privacy-api.ts';
import { callJson } from '../../api-call.ts';
import { describeError } from '../../api.ts';

export type ErasureStep =
  | { step: 'edit'; error: string | null }
  | { step: 'confirm'; userId: string }
  | { step: 'sending'; userId: string }
  | { step: 'requested'; id: string }
  | { step: 'failed'; userId: string; message: string };

/**
 * "Request erasure" on the provider page: an LMS user id, then a confirmation naming it, then the
 * request recorded for the operator (POST /api/provider/erasure-requests with `confirm: true`).
 */
export class ErasureRequestState {
  readonly #api: HttpTransportOptions;
  userId = $state('');
  #step = $state.raw<ErasureStep>({ step: 'edit', error: null });

  constructor(api: HttpTransportOptions) {
    this.#api = api;
  }

  get current(): ErasureStep {
    return this.#step;
  }

  /** From the form: asks to confirm, or says the id is missing. */
  review(needUserId: string): boolean {
    const userId = this.userId.trim();
    if (!userId) {
      this.#step = { step: 'edit', error: needUserId };
      return false;
    }
    this.#step = { step: 'confirm', userId };
    return true;
  }

  cancel(): void {
    this.#step = { step: 'edit', error: null };
  }

  async confirm(signal?: AbortSignal): Promise<void> {
    const current = this.#step;
    if (current.step !== 'confirm' && current.step !== 'failed') return;
    const { userId } = current;
    this.#step = { step: 'sending', userId };
    try {
      const { request } = await callJson(
        this.#api,
        PRIVACY_API.erasureRequests,
        { method: 'POST', body: { userId, confirm: true }, signal },
        ErasureRequestResponseSchema,
      );
      this.#step = { step: 'requested', id: request.id };
      this.userId = '';
    } catch (error) {
      if (signal?.aborted) return;
      this.#step = { step: 'failed', userId, message: describeError(error) };
    }
  }
}
