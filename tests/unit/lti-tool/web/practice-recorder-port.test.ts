import { describe, expect, it } from 'vitest';
import {
  createMediaRecorderPort,
  pickAudioType,
  RecorderError,
} from '../../../../lti-tool/web/components/recorder/recorder-port.ts';

/** Just enough of MediaRecorder for the port: start, dataavailable, stop. */
function fakeMediaRecorderClass(supported: readonly string[]) {
  const made: FakeRecorder[] = [];
  class FakeRecorder extends EventTarget {
    static isTypeSupported = (type: string) => supported.includes(type);
    state: 'inactive' | 'recording' = 'inactive';
    readonly options: { mimeType?: string };
    constructor(_stream: unknown, options: { mimeType?: string }) {
      super();
      this.options = options;
      made.push(this);
    }
    start() {
      this.state = 'recording';
    }
    stop() {
      this.state = 'inactive';
      const data = Object.assign(new Event('dataavailable'), {
        data: new Blob(['chunk'], { type: 'audio/ogg' }),
      });
      this.dispatchEvent(data);
      this.dispatchEvent(new Event('stop'));
    }
  }
  return { Recorder: FakeRecorder as unknown as typeof MediaRecorder, made };
}

function env(options: { supported?: string[]; getUserMedia?: () => Promise<unknown> } = {}) {
  const { Recorder, made } = fakeMediaRecorderClass(options.supported ?? ['audio/ogg']);
  const stopped: string[] = [];
  const stream = { getTracks: () => [{ stop: () => stopped.push('track') }] };
  let now = 1000;
  return {
    made,
    stopped,
    advance: (ms: number) => (now += ms),
    globals: {
      MediaRecorder: Recorder,
      navigator: {
        mediaDevices: { getUserMedia: options.getUserMedia ?? (async () => stream) },
      } as unknown as Navigator,
      performance: { now: () => now } as Performance,
    },
  };
}

describe('pickAudioType', () => {
  it('takes the first type in AUDIO_TYPES order that the browser can record', () => {
    expect(pickAudioType((type) => type === 'audio/mp4' || type === 'audio/ogg')).toBe('audio/ogg');
    expect(pickAudioType((type) => type === 'audio/mp4')).toBe('audio/mp4');
    expect(pickAudioType(() => false)).toBeNull();
    expect(
      pickAudioType(() => {
        throw new Error('unknown type');
      }),
    ).toBeNull();
  });
});

describe('createMediaRecorderPort', () => {
  it('is unavailable without MediaRecorder (jsdom, old browsers)', async () => {
    const port = createMediaRecorderPort({});
    expect(port.available).toBe(false);
    await expect(port.start()).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('records with a supported type, reports the duration and frees the microphone', async () => {
    const fake = env();
    const port = createMediaRecorderPort(fake.globals);
    expect(port.available).toBe(true);

    const session = await port.start();
    fake.advance(4200);
    const recording = await session.stop();

    expect(fake.made[0]?.options.mimeType).toBe('audio/ogg');
    expect(recording.type).toBe('audio/ogg');
    expect(recording.durationMs).toBe(4200);
    expect(await recording.blob.text()).toBe('chunk');
    expect(fake.stopped).toEqual(['track']);
  });

  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-microphone'],
    ['AbortError', 'failed'],
  ])('maps a %s from getUserMedia to "%s"', async (name, code) => {
    const fake = env({ getUserMedia: () => Promise.reject(Object.assign(new Error('no'), { name })) });
    const error = await createMediaRecorderPort(fake.globals)
      .start()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecorderError);
    expect(error).toMatchObject({ code });
  });

  it('refuses when no audio type can be recorded', async () => {
    const fake = env({ supported: [] });
    await expect(createMediaRecorderPort(fake.globals).start()).rejects.toMatchObject({
      code: 'unsupported',
    });
  });

  it('cancel stops the recorder and the microphone', async () => {
    const fake = env();
    const session = await createMediaRecorderPort(fake.globals).start();
    session.cancel();
    expect(fake.made[0]?.state).toBe('inactive');
    expect(fake.stopped).toEqual(['track']);
  });
});
