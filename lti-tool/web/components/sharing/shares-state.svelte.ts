import {
  authorizedFetch,
  jsonRequest,
  requestJson,
  responseError,
  type HttpTransportOptions,
} from '../../../../shared/data/index.ts';
import {
  SHARING_API,
  ShareResponseSchema,
  SharesResponseSchema,
  type Share,
  type ShareKind,
} from '../../../../shared/protocol/sharing-api.ts';
import { describeError } from '../../api.ts';

export type SharesLoad =
  | { status: 'loading' }
  | { status: 'ready'; shares: readonly Share[] }
  | { status: 'failed'; message: string };

/** A page-made id for a share, so a retried request does not share twice (IdSchema: 8–64 of [A-Za-z0-9_-]). */
const newShareId = () => `shr_${crypto.randomUUID().replaceAll('-', '')}`;

/** A teacher's shares (GET /api/shares), loaded once for the page; sharing and revoking update it. */
export class SharesState {
  readonly #api: HttpTransportOptions;
  #load = $state.raw<SharesLoad>({ status: 'loading' });
  /** The share being revoked now, if any. */
  #revoking = $state<string | null>(null);

  constructor(api: HttpTransportOptions) {
    this.#api = api;
  }

  get load(): SharesLoad {
    return this.#load;
  }

  get revoking(): string | null {
    return this.#revoking;
  }

  /** The active shares of one item. */
  of(kind: ShareKind, itemId: string): Share[] {
    return this.#load.status === 'ready'
      ? this.#load.shares.filter((s) => s.kind === kind && s.itemId === itemId && s.revokedAt === null)
      : [];
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    try {
      const { shares } = await requestJson(
        this.#api,
        SHARING_API.shares,
        { method: 'GET', signal },
        SharesResponseSchema,
      );
      this.#load = { status: 'ready', shares };
    } catch (error) {
      if (signal?.aborted) return;
      this.#load = { status: 'failed', message: describeError(error) };
    }
  }

  /** Shares an item; throws with a sentence a person can act on. */
  async share(input: { kind: ShareKind; itemId: string; recipientId: string; recipientName: string }) {
    try {
      const { share } = await requestJson(
        this.#api,
        SHARING_API.shares,
        { method: 'POST', body: { id: newShareId(), ...input } },
        ShareResponseSchema,
      );
      const known = this.#load.status === 'ready' ? this.#load.shares.filter((s) => s.id !== share.id) : [];
      this.#load = { status: 'ready', shares: [share, ...known] };
      return share;
    } catch (error) {
      throw new Error(describeError(error), { cause: error });
    }
  }

  /** Revokes one: the person sees nothing of it from now on. Throws with a sentence. */
  async revoke(share: Share): Promise<void> {
    if (this.#revoking) return;
    this.#revoking = share.id;
    try {
      const response = await authorizedFetch(
        this.#api,
        SHARING_API.share(share.id),
        jsonRequest({ method: 'DELETE' }),
      );
      if (!response.ok) throw await responseError(response);
      if (this.#load.status === 'ready') {
        // A timestamp, read once: nothing here mutates a Date.
        // eslint-disable-next-line svelte/prefer-svelte-reactivity
        const at = new Date().toISOString();
        this.#load = {
          status: 'ready',
          shares: this.#load.shares.map((s) => (s.id === share.id ? { ...s, revokedAt: at } : s)),
        };
      }
    } catch (error) {
      throw new Error(describeError(error), { cause: error });
    } finally {
      this.#revoking = null;
    }
  }
}
