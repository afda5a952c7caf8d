import type { ObjectUrlPort } from '../../components/media/index.ts';
import {
  randomIds,
  requestJson,
  systemClock,
  type Clock,
  type HttpTransportOptions,
  type IdSource,
} from '../../../../shared/data/index.ts';
import type { ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import {
  API,
  CurrentStepResponseSchema,
  PairingCodeResponseSchema,
} from '../../../../shared/protocol/api.ts';
import { pairingLinkFor } from '../../../../shared/protocol/pairing-link.ts';
import { apiOptions, describeError } from '../../api.ts';
import type { Bootstrap } from '../../bootstrap.ts';
import { formatClockTime, formatPairingCode, minutesUntil } from '../../format.ts';
import type { DownloadPort } from './data-download-state.svelte.ts';

export interface TeacherPageDeps {
  fetch?: typeof fetch;
  clock?: Clock;
  /** Runs `callback` after `ms`; returns a cancel function. Injected so tests need no real waits. */
  setTimer?: (callback: () => void, ms: number) => () => void;
  /** Ids for check-ins; random in production. */
  ids?: IdSource;
  /** Object URLs for recordings played on the page (the coach's model); the browser's in production. */
  objectUrls?: ObjectUrlPort;
  /** Where "Copy link" writes; the browser's clipboard in production (LMS frames may refuse it). */
  clipboard?: ClipboardPort;
  /** Where "Download my data" saves the file; the browser's download in production. */
  download?: DownloadPort;
}

/** The part of `navigator.clipboard` the page uses. */
export interface ClipboardPort {
  writeText(text: string): Promise<void>;
}

/** After "Copy link": nothing yet, copied, or refused (the page selects the link for Ctrl+C). */
export type CopyState = 'idle' | 'copied' | 'refused';

export type StepLoad =
  | { status: 'loading' }
  | { status: 'ready'; step: ActionStep | null }
  | { status: 'failed'; message: string };

export type Pairing =
  | { status: 'idle' }
  | { status: 'requesting' }
  | { status: 'shown'; code: string; minutesLeft: number; expiresAtTime: string }
  | { status: 'expired' }
  | { status: 'failed'; message: string };

/** Codes live 10 minutes on the server; used when this device's clock disagrees with the server's. */
export const DEFAULT_CODE_LIFETIME_MS = 10 * 60_000;
const MAX_PLAUSIBLE_LIFETIME_MS = 30 * 60_000;

/** The code's lifetime as measured on this device, unless a skewed clock makes it implausible. */
export function codeLifetimeMs(measuredMs: number): number {
  return measuredMs > 0 && measuredMs <= MAX_PLAUSIBLE_LIFETIME_MS ? measuredMs : DEFAULT_CODE_LIFETIME_MS;
}

/** Undefined outside a secure context, and `writeText` rejects where the LMS frame withholds it. */
const browserClipboard: ClipboardPort = {
  writeText: (text) =>
    navigator.clipboard
      ? navigator.clipboard.writeText(text)
      : Promise.reject(new Error('No clipboard here')),
};

const browserTimer = (callback: () => void, ms: number): (() => void) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

/** The teacher page: their current step, and a one-time pairing link for the browser extension. */
export class TeacherPageState {
  readonly #api: HttpTransportOptions;
  readonly #publicUrl: string;
  readonly #clipboard: ClipboardPort;
  readonly #clock: Clock;
  /** For the check-in panel: the same API options and id source the page uses. */
  readonly ids: IdSource;
  /** The activity this page was launched from, if any: check-ins made here name it. */
  readonly linkKey: string | null;
  readonly #setTimer: NonNullable<TeacherPageDeps['setTimer']>;
  #cancelExpiry: (() => void) | null = null;

  #step = $state.raw<StepLoad>({ status: 'loading' });
  #pairing = $state.raw<Pairing>({ status: 'idle' });
  #copy = $state<CopyState>('idle');

  constructor(bootstrap: Bootstrap, deps: TeacherPageDeps = {}) {
    this.#api = apiOptions(bootstrap, deps.fetch);
    this.#publicUrl = bootstrap.publicUrl;
    this.#clipboard = deps.clipboard ?? browserClipboard;
    this.#clock = deps.clock ?? systemClock;
    this.#setTimer = deps.setTimer ?? browserTimer;
    this.ids = deps.ids ?? randomIds;
    this.linkKey = bootstrap.activity?.linkKey ?? null;
  }

  get api(): HttpTransportOptions {
    return this.#api;
  }

  get step(): StepLoad {
    return this.#step;
  }

  get pairing(): Pairing {
    return this.#pairing;
  }

  /** The code as `XXXX-XXXX`, or null when none is showing. */
  get formattedCode(): string | null {
    return this.#pairing.status === 'shown' ? formatPairingCode(this.#pairing.code) : null;
  }

  /** The tool's address and the code in one string to paste into the extension, while shown. */
  get pairingLink(): string | null {
    return this.#pairing.status === 'shown' ? pairingLinkFor(this.#publicUrl, this.#pairing.code) : null;
  }

  get copy(): CopyState {
    return this.#copy;
  }

  /**
   * Copies the pairing link. Refused (an LMS frame without clipboard-write, an older browser) is
   * an answer, not an error: the page then selects the link for the teacher to copy by hand.
   */
  async copyLink(): Promise<CopyState> {
    const link = this.pairingLink;
    if (link === null) return this.#copy;
    try {
      await this.#clipboard.writeText(link);
      // A new code may have replaced this one while the browser was copying.
      if (this.pairingLink === link) this.#copy = 'copied';
    } catch {
      if (this.pairingLink === link) this.#copy = 'refused';
    }
    return this.#copy;
  }

  async loadStep(signal?: AbortSignal): Promise<void> {
    this.#step = { status: 'loading' };
    try {
      const { step } = await requestJson(
        this.#api,
        API.myStep,
        { method: 'GET', signal },
        CurrentStepResponseSchema,
      );
      this.#step = { status: 'ready', step };
    } catch (error) {
      if (signal?.aborted) return;
      this.#step = { status: 'failed', message: describeError(error) };
    }
  }

  /** Asks the server for a new single-use code; the previous one stops being shown. */
  async requestCode(signal?: AbortSignal): Promise<void> {
    if (this.#pairing.status === 'requesting') return;
    this.#clearExpiry();
    this.#pairing = { status: 'requesting' };
    this.#copy = 'idle';
    try {
      const response = await requestJson(
        this.#api,
        API.pairingCodes,
        { method: 'POST', body: {}, signal },
        PairingCodeResponseSchema,
      );
      const now = this.#clock.now().getTime();
      const expiresAt = now + codeLifetimeMs(Date.parse(response.expiresAt) - now);
      this.#pairing = {
        status: 'shown',
        code: response.code,
        minutesLeft: minutesUntil(expiresAt, now),
        expiresAtTime: formatClockTime(expiresAt),
      };
      this.#cancelExpiry = this.#setTimer(
        () => {
          this.#pairing = { status: 'expired' };
          this.#copy = 'idle';
          this.#cancelExpiry = null;
        },
        Math.max(0, expiresAt - now),
      );
    } catch (error) {
      if (signal?.aborted) return;
      this.#pairing = { status: 'failed', message: describeError(error) };
    }
  }

  /** Stops the expiry timer; call when the page goes away. */
  dispose(): void {
    this.#clearExpiry();
  }

  #clearExpiry(): void {
    this.#cancelExpiry?.();
    this.#cancelExpiry = null;
  }
}
