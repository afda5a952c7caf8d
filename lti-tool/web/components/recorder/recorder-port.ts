import { AUDIO_TYPES } from '../../../../shared/domain/coaching/practice.ts';

/** A finished recording. */
export interface Recording {
  blob: Blob;
  /** Bare MIME type, one of AUDIO_TYPES. */
  type: string;
  durationMs: number;
}

/** A recording in progress: stop it to get the audio, or cancel to throw it away. */
export interface RecordingSession {
  stop(): Promise<Recording>;
  cancel(): void;
}

/**
 * Why recording cannot start. `denied`: the person or the page (e.g. an LMS frame without
 * `allow="microphone"`) refused the microphone; `no-microphone`: none found; `unsupported`:
 * this browser cannot record any of AUDIO_TYPES; `failed`: anything else.
 */
export type RecorderErrorCode = 'denied' | 'no-microphone' | 'unsupported' | 'failed';

export class RecorderError extends Error {
  constructor(
    readonly code: RecorderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecorderError';
  }
}

/**
 * The microphone, as the page needs it. The real one wraps getUserMedia and MediaRecorder;
 * tests inject a fake (jsdom has neither).
 */
export interface RecorderPort {
  /** False when this browser (or context, e.g. plain http) has no way to record. */
  readonly available: boolean;
  start(): Promise<RecordingSession>;
}

/** The first of AUDIO_TYPES this browser can record, or null. */
export function pickAudioType(isTypeSupported: (type: string) => boolean): string | null {
  for (const type of AUDIO_TYPES) {
    try {
      if (isTypeSupported(type)) return type;
    } catch {
      // Some browsers throw for types they do not know; treat that as "no".
    }
  }
  return null;
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

interface RecorderGlobals {
  MediaRecorder?: typeof MediaRecorder;
  navigator?: Navigator;
  performance?: Performance;
}

/** The real recorder: getUserMedia for the stream, MediaRecorder for the bytes. */
export function createMediaRecorderPort(env: RecorderGlobals = globalThis): RecorderPort {
  const Recorder = env.MediaRecorder;
  const mediaDevices = env.navigator?.mediaDevices;
  const available = typeof Recorder === 'function' && typeof mediaDevices?.getUserMedia === 'function';
  const now = () => (env.performance ?? performance).now();
  return {
    available,
    async start() {
      if (!Recorder || !mediaDevices) throw new RecorderError('unsupported', 'No MediaRecorder here.');
      const type = pickAudioType((candidate) => Recorder.isTypeSupported(candidate));
      if (!type) throw new RecorderError('unsupported', 'None of the audio types can be recorded.');
      let stream: MediaStream;
      try {
        stream = await mediaDevices.getUserMedia({ audio: true });
      } catch (cause) {
        const name = errorName(cause);
        if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
          throw new RecorderError('denied', 'The microphone was not allowed.', { cause });
        }
        if (name === 'NotFoundError' || name === 'OverconstrainedError') {
          throw new RecorderError('no-microphone', 'No microphone was found.', { cause });
        }
        throw new RecorderError('failed', 'The microphone could not start.', { cause });
      }
      const releaseStream = () => stream.getTracks().forEach((track) => track.stop());
      let recorder: MediaRecorder;
      try {
        recorder = new Recorder(stream, { mimeType: type });
      } catch (cause) {
        releaseStream();
        throw new RecorderError('failed', 'The recorder could not start.', { cause });
      }
      const chunks: Blob[] = [];
      recorder.addEventListener('dataavailable', (event) => {
        if (event.data.size > 0) chunks.push(event.data);
      });
      const startedAt = now();
      // A timeslice keeps bytes coming, so a crash mid-recording loses at most a second.
      recorder.start(1000);
      return {
        stop: () =>
          new Promise<Recording>((resolve, reject) => {
            const durationMs = Math.round(now() - startedAt);
            recorder.addEventListener(
              'stop',
              () => {
                releaseStream();
                resolve({ blob: new Blob(chunks, { type }), type, durationMs });
              },
              { once: true },
            );
            recorder.addEventListener(
              'error',
              (event) => {
                releaseStream();
                reject(new RecorderError('failed', 'The recording failed.', { cause: event }));
              },
              { once: true },
            );
            if (recorder.state === 'inactive') {
              releaseStream();
              resolve({ blob: new Blob(chunks, { type }), type, durationMs });
            } else {
              recorder.stop();
            }
          }),
        cancel: () => {
          if (recorder.state !== 'inactive') recorder.stop();
          releaseStream();
        },
      };
    },
  };
}
