import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bootstrap } from '../../../../lti-tool/web/bootstrap.ts';
import { keepSessionFresh } from '../../../../lti-tool/web/session-keeper.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('keepSessionFresh', () => {
  it('swaps the bootstrap token on schedule, sending the current one, until aborted', async () => {
    vi.useFakeTimers();
    const bootstrap = {
      publicUrl: 'https://tool.example',
      sessionToken: 'ses_first_token_abcdefghijk',
    } as Bootstrap;
    const seen: string[] = [];
    let n = 0;
    const fetch = vi.fn(async (_url: URL | RequestInfo, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization') ?? '');
      n += 1;
      return Response.json({
        sessionToken: `ses_token_number_${n}_abcdefgh`,
        expiresAt: '2026-11-22T12:00:00.000Z',
      });
    }) as unknown as typeof globalThis.fetch;
    const controller = new AbortController();
    keepSessionFresh(bootstrap, { signal: controller.signal, fetch, everyMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(bootstrap.sessionToken).toBe('ses_token_number_1_abcdefgh');
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['Bearer ses_first_token_abcdefghijk', 'Bearer ses_token_number_1_abcdefgh']);
    controller.abort();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps the current token when a refresh fails', async () => {
    vi.useFakeTimers();
    const bootstrap = {
      publicUrl: 'https://tool.example',
      sessionToken: 'ses_keep_me_abcdefghijklmn',
    } as Bootstrap;
    const fetch = (async () => new Response('', { status: 503 })) as unknown as typeof globalThis.fetch;
    keepSessionFresh(bootstrap, { signal: new AbortController().signal, fetch, everyMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(bootstrap.sessionToken).toBe('ses_keep_me_abcdefghijklmn');
  });
});
