import type { Clock } from '../../../../shared/data/index.ts';
import { MAX_AUDIO_BYTES } from '../../../../shared/domain/coaching/practice.ts';
import { RecorderError, type Recording, type RecorderPort, type RecordingSession } from './recorder-port.ts';

/** Recordings stop by themselves after this long. */
export const MAX_RECORDING_MS = 3 * 60_000;

export type SetTimer = (callback: () => void, ms: number) => () => void;

export const browserTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

/** True when the page is framed (by the LMS): a refused microphone may be the frame's doing. */
export function isInFrame(): boolean {
  try {
    return globalThis.window !== undefined && window.self !== window.top;
  } catch {
    return true; // A cross-origin parent: certainly framed.
  }
}

export type RecorderStatus = 'idle' | 'starting' | 'recording' | 'stopping';

/** Why the recorder is not offering to record, or what happened to the last recording. */
export type RecorderProblem = 'unavailable' | 'denied' | 'no-microphone' | 'failed' | 'too-large';

export interface AudioRecorderDeps {
  recorder: RecorderPort;
  clock: Clock;
  setTimer: SetTimer;
  /** True when the page is framed by the LMS: a refused microphone may be the frame's doing. */
  inFrame: boolean;
  /** A finished recording that fits the limits. */
  onrecorded: (recording: Recording) => void;
  maxDurationMs?: number;
  maxBytes?: number;
}

/** The microphone's part of a round: Record → Stop, with a running time and a hard limit. */
export class AudioRecorderState {
  readonly #deps: AudioRecorderDeps;
  readonly maxDurationMs: number;
  readonly maxBytes: number;
  #session: RecordingSession | null = null;
  #startedAt = 0;
  #cancelTick: (() => void) | null = null;
  #cancelLimit: (() => void) | null = null;

  #status = $state<RecorderStatus>('idle');
  #problem = $state<RecorderProblem | null>(null);
  #stoppedAtLimit = $state(false);
  #elapsedMs = $state(0);
  #playing = $state(false);

  constructor(deps: AudioRecorderDeps) {
    this.#deps = deps;
    this.maxDurationMs = deps.maxDurationMs ?? MAX_RECORDING_MS;
    this.maxBytes = deps.maxBytes ?? MAX_AUDIO_BYTES;
    if (!deps.recorder.available) this.#problem = 'unavailable';
  }

  get status(): RecorderStatus {
    return this.#status;
  }
  get problem(): RecorderProblem | null {
    return this.#problem;
  }
  /** Recording is impossible here (no API, or the microphone was refused): only the script remains. */
  get blocked(): boolean {
    return this.#problem === 'unavailable' || this.#problem === 'denied';
  }
  /** Suggest opening the activity in a new window: framed, and the microphone was refused or missing. */
  get showFrameTip(): boolean {
    return this.#deps.inFrame && (this.#problem === 'denied' || this.#problem === 'unavailable');
  }
  get stoppedAtLimit(): boolean {
    return this.#stoppedAtLimit;
  }
  get elapsedMs(): number {
    return this.#elapsedMs;
  }
  get playing(): boolean {
    return this.#playing;
  }

  setPlaying(playing: boolean): void {
    this.#playing = playing;
  }

  async start(): Promise<void> {
    if (this.#status !== 'idle' || this.blocked) return;
    this.#status = 'starting';
    this.#problem = null;
    this.#stoppedAtLimit = false;
    try {
      this.#session = await this.#deps.recorder.start();
    } catch (error) {
      this.#status = 'idle';
      this.#problem =
        error instanceof RecorderError
          ? error.code === 'unsupported'
            ? 'unavailable'
            : error.code
          : 'failed';
      return;
    }
    this.#status = 'recording';
    this.#startedAt = this.#deps.clock.now().getTime();
    this.#elapsedMs = 0;
    this.#tick();
    this.#cancelLimit = this.#deps.setTimer(() => void this.stop(true), this.maxDurationMs);
  }

  /** Stops and hands the recording on, unless it is over the size limit. */
  async stop(atLimit = false): Promise<void> {
    const session = this.#session;
    if (this.#status !== 'recording' || !session) return;
    this.#status = 'stopping';
    this.#clearTimers();
    try {
      const recording = await session.stop();
      if (recording.blob.size > this.maxBytes) {
        this.#problem = 'too-large';
        return;
      }
      this.#stoppedAtLimit = atLimit;
      this.#deps.onrecorded(recording);
    } catch (error) {
      console.error(error);
      this.#problem = 'failed';
    } finally {
      this.#session = null;
      this.#status = 'idle';
    }
  }

  /** Throws away a recording in progress (the page is going away). */
  dispose(): void {
    this.#clearTimers();
    this.#session?.cancel();
    this.#session = null;
    this.#status = 'idle';
  }

  #tick(): void {
    this.#cancelTick = this.#deps.setTimer(() => {
      if (this.#status !== 'recording') return;
      this.#elapsedMs = Math.min(this.maxDurationMs, this.#deps.clock.now().getTime() - this.#startedAt);
      this.#tick();
    }, 1000);
  }

  #clearTimers(): void {
    this.#cancelTick?.();
    this.#cancelLimit?.();
    this.#cancelTick = null;
    this.#cancelLimit = null;
  }
}
