import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../../shared/data/index.ts';
import { apiOptions } from '../../../../lti-tool/web/api.ts';
import { baseMimeType, mediaObjectUrl, uploadMedia } from '../../../../lti-tool/web/media-client.ts';
import { testBootstrap } from './fake-api.ts';

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

function fakeFetch(reply: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const entry = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
    };
    seen.push(entry);
    return reply(entry);
  };
  return { fetch: fetchImpl as typeof fetch, seen };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const options = (fetchImpl: typeof fetch) => apiOptions(testBootstrap({ page: 'practice' }), fetchImpl);

describe('uploadMedia', () => {
  it('PUTs the raw blob with its bare type and the bearer token', async () => {
    const api = fakeFetch(() =>
      json(201, { media: { id: 'audio-0001', contentType: 'audio/webm', size: 5 } }),
    );
    const blob = new Blob(['hello'], { type: 'audio/webm;codecs=opus' });

    const stored = await uploadMedia(options(api.fetch), 'audio-0001', blob);

    expect(stored).toEqual({ id: 'audio-0001', contentType: 'audio/webm', size: 5 });
    const [request] = api.seen;
    expect(request?.url).toBe('http://tool.test/api/media/audio-0001');
    expect(request?.method).toBe('PUT');
    expect(request?.headers.get('Content-Type')).toBe('audio/webm');
    expect(request?.headers.get('Authorization')).toBe('Bearer session-token-123');
    expect(request?.body).toBe(blob);
  });

  it.each([
    [413, 'payload-too-large', 'The recording is larger than 10 MB.', 'rejected'],
    [400, 'invalid-input', 'This file is not audio.', 'rejected'],
    [401, 'unauthenticated', 'Session ended.', 'unauthenticated'],
    [503, 'unavailable', 'Try later.', 'server'],
  ])('turns a %i into a SyncError with the server’s message', async (status, code, message, reason) => {
    const api = fakeFetch(() => json(status, { error: { code, message } }));
    const error = await uploadMedia(
      options(api.fetch),
      'audio-0001',
      new Blob(['x'], { type: 'audio/webm' }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ reason, message });
  });

  it('reports a network failure as offline', async () => {
    const api = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(uploadMedia(options(api.fetch), 'audio-0001', new Blob(['x']))).rejects.toMatchObject({
      reason: 'offline',
    });
  });

  it('refuses a success it cannot read', async () => {
    const api = fakeFetch(() => json(201, { nope: true }));
    await expect(uploadMedia(options(api.fetch), 'audio-0001', new Blob(['x']))).rejects.toMatchObject({
      reason: 'bad-response',
    });
  });
});

describe('mediaObjectUrl', () => {
  it('GETs the bytes with the bearer token and makes an object URL of them', async () => {
    const api = fakeFetch(
      () => new Response('bytes', { status: 200, headers: { 'Content-Type': 'audio/mpeg' } }),
    );
    const made: Blob[] = [];

    const url = await mediaObjectUrl(options(api.fetch), 'model 1', {
      createObjectUrl: (blob) => {
        made.push(blob);
        return 'blob:made/1';
      },
    });

    expect(url).toBe('blob:made/1');
    expect(await made[0]?.text()).toBe('bytes');
    expect(api.seen[0]?.url).toBe('http://tool.test/api/media/model%201');
    expect(api.seen[0]?.headers.get('Authorization')).toBe('Bearer session-token-123');
  });

  it('maps a refusal like any API call', async () => {
    const api = fakeFetch(() => json(403, { error: { code: 'forbidden', message: 'Not your recording.' } }));
    await expect(mediaObjectUrl(options(api.fetch), 'audio-0001')).rejects.toMatchObject({
      reason: 'rejected',
      message: 'Not your recording.',
    });
  });
});

describe('baseMimeType', () => {
  it.each([
    ['audio/webm;codecs=opus', 'audio/webm'],
    ['Audio/MP4 ; codecs="mp4a.40.2"', 'audio/mp4'],
    ['', ''],
  ])('%s → %s', (input, output) => expect(baseMimeType(input)).toBe(output));
});
