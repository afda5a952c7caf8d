import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createPlatformKeyCache, UnknownKeyError } from '../../../../lti-tool/lti/platform-keys.ts';

async function jwk(kid: string) {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(publicKey)), kid, alg: 'RS256' };
}

function fakeJwksServer(keys: object[]) {
  const state = { keys, calls: 0, down: false };
  const fetch = (async () => {
    state.calls += 1;
    if (state.down) return new Response('', { status: 503 });
    return Response.json({ keys: state.keys });
  }) as unknown as typeof globalThis.fetch;
  return { state, fetch };
}

describe('platform key cache', () => {
  it('refetches on an unknown kid at most once per cooldown', async () => {
    const server = fakeJwksServer([await jwk('k1')]);
    let clock = 1_000_000;
    const cache = createPlatformKeyCache({ fetch: server.fetch, now: () => clock, cooldownMs: 10_000 });
    await cache.keyFor('https://lms/jwks', 'k1');
    for (let i = 0; i < 20; i += 1) {
      await expect(cache.keyFor('https://lms/jwks', `bogus-${i}`)).rejects.toBeInstanceOf(UnknownKeyError);
    }
    expect(server.state.calls).toBe(2);
    clock += 10_001;
    await expect(cache.keyFor('https://lms/jwks', 'bogus-again')).rejects.toBeInstanceOf(UnknownKeyError);
    expect(server.state.calls).toBe(3);
  });

  it('ignores keys that are not RSA signing keys for RS256', async () => {
    const server = fakeJwksServer([{ ...(await jwk('k1')), alg: 'RS512' }]);
    const cache = createPlatformKeyCache({ fetch: server.fetch });
    await expect(cache.keyFor('https://lms/jwks', 'k1')).rejects.toBeInstanceOf(UnknownKeyError);
  });

  it('serves a known key from cache when the endpoint is down, even after the refresh age', async () => {
    const server = fakeJwksServer([await jwk('k1')]);
    let clock = 0;
    const cache = createPlatformKeyCache({ fetch: server.fetch, now: () => clock, refreshAfterMs: 1000 });
    const key = await cache.keyFor('https://lms/jwks', 'k1');
    server.state.down = true;
    clock = 20_000;
    expect(await cache.keyFor('https://lms/jwks', 'k1')).toBe(key);
    expect(cache.fetchCount).toBe(2);
  });
});
