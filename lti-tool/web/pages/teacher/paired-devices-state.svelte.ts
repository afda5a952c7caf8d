import {
  authorizedFetch,
  jsonRequest,
  requestJson,
  responseError,
  type HttpTransportOptions,
} from '../../../../shared/data/index.ts';
import { API, PairedDevicesResponseSchema, type PairedDevice } from '../../../../shared/protocol/api.ts';
import { describeError } from '../../api.ts';

export type DevicesLoad =
  | { status: 'loading' }
  | { status: 'ready'; devices: readonly PairedDevice[] }
  | { status: 'failed'; message: string };

/** The browsers a teacher paired: listed on their page, each one disconnectable. */
export class PairedDevicesState {
  readonly #api: HttpTransportOptions;
  #load = $state.raw<DevicesLoad>({ status: 'loading' });
  /** The device being disconnected now, if any. */
  #disconnecting = $state<string | null>(null);
  /** What the last disconnect did, for the live region. */
  #outcome = $state<{ kind: 'done' | 'failed'; text: string } | null>(null);

  constructor(api: HttpTransportOptions) {
    this.#api = api;
  }

  get load(): DevicesLoad {
    return this.#load;
  }

  get disconnecting(): string | null {
    return this.#disconnecting;
  }

  get outcome(): { kind: 'done' | 'failed'; text: string } | null {
    return this.#outcome;
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    try {
      const { devices } = await requestJson(
        this.#api,
        API.devices,
        { method: 'GET', signal },
        PairedDevicesResponseSchema,
      );
      this.#load = { status: 'ready', devices };
    } catch (error) {
      if (signal?.aborted) return;
      this.#load = { status: 'failed', message: describeError(error) };
    }
  }

  /** Disconnects one: its token stops working at once, and the extension asks to pair again. */
  async disconnect(device: PairedDevice, describe: (device: PairedDevice) => string, signal?: AbortSignal) {
    if (this.#disconnecting) return;
    this.#disconnecting = device.id;
    this.#outcome = null;
    try {
      const response = await authorizedFetch(
        this.#api,
        `${API.devices}/${encodeURIComponent(device.id)}`,
        jsonRequest({ method: 'DELETE', signal }),
      );
      if (!response.ok) throw await responseError(response);
      this.#outcome = { kind: 'done', text: describe(device) };
      await this.refresh(signal);
    } catch (error) {
      if (signal?.aborted) return;
      this.#outcome = { kind: 'failed', text: describeError(error) };
    } finally {
      this.#disconnecting = null;
    }
  }
}
