import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import type { PlatformHttp } from '../../../../../lti-tool/lti/services/platform-fetch.ts';
import { createPlatformKeyCache, UnknownKeyError } from '../../../../../lti-tool/lti/keys/platform-keys.ts';

const JWKS = 'https://lms/jwks';

async function jwk(kid: string) {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(publicKey)), kid, alg: 'RS256' };
}

function fakeJwksServer(keys: object[]) {
  const state = { keys, calls: 0, down: false };
  const http: Pick<PlatformHttp, 'request'> = {
    async request() {
      state.calls += 1;
      const status = state.down ? 503 : 200;
      const text = state.down ? '' : JSON.stringify({ keys: state.keys });
      return { status, ok: status === 200, headers: new Headers(), text };
    },
  };
  return { state, http };
}

/** A clock the test moves: `wait(ms)` resolves only when advance() passes its time. */
function fakeClock(start = 1_000_000) {
  let time = start;
  const timers: { at: number; resolve: () => void }[] = [];
  return {
    now: () => time,
    wait: (ms: number) => new Promise<void>((resolve) => timers.push({ at: time + ms, resolve })),
    advance(ms: number) {
      time += ms;
      for (const timer of timers.filter((t) => t.at <= time)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.resolve();
      }
    },
  };
}

/** Lets pending callbacks run; only used to check that something has NOT happened yet. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

function tracked<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

const INTERVAL = 2_000;

/** A key cache on `server`, with the test's clock and the short fetch interval. */
const cacheOn = (
  server: { http: Parameters<typeof createPlatformKeyCache>[0]['http'] },
  clock: { now: () => number; wait: (ms: number) => Promise<void> },
) => createPlatformKeyCache({ http: server.http, now: clock.now, wait: clock.wait, minIntervalMs: INTERVAL });

describe('platform key cache', () => {
  it('a flood of unknown kids costs at most one fetch per interval, the misses sharing it', async () => {
    const server = fakeJwksServer([await jwk('k1')]);
    const clock = fakeClock();
    const cache = cacheOn(server, clock);
    await cache.keyFor(JWKS, 'k1');
    clock.advance(INTERVAL * 3);
    // The set is older than the interval: the first unknown kid refetches at once.
    await expect(cache.keyFor(JWKS, 'junk-0')).rejects.toBeInstanceOf(UnknownKeyError);
    expect(server.state.calls).toBe(2);

    for (let round = 1; round <= 3; round += 1) {
      const flood = Array.from({ length: 20 }, (_, i) => tracked(cache.keyFor(JWKS, `junk-${round}-${i}`)));
      await turn();
      // Within the interval nobody fetches and nobody is answered yet: they wait for the next fetch.
      expect(server.state.calls).toBe(1 + round);
      expect(flood.filter((miss) => miss.settled)).toEqual([]);
      clock.advance(INTERVAL);
      for (const miss of flood) await expect(miss.promise).rejects.toBeInstanceOf(UnknownKeyError);
      expect(server.state.calls).toBe(2 + round);
    }
  });

  it('accepts a real key rotation right after a junk kid, once the next allowed fetch has run', async () => {
    const server = fakeJwksServer([await jwk('k1')]);
    const clock = fakeClock();
    const cache = cacheOn(server, clock);
    await cache.keyFor(JWKS, 'k1');
    clock.advance(INTERVAL * 3);
    await expect(cache.keyFor(JWKS, 'junk')).rejects.toBeInstanceOf(UnknownKeyError);
    // The platform rotates a moment after the attacker's junk kid made us fetch.
    server.state.keys = [...server.state.keys, await jwk('k2')];
    const rotated = tracked(cache.keyFor(JWKS, 'k2'));
    await turn();
    expect(rotated.settled).toBe(false);
    clock.advance(INTERVAL);
    await expect(rotated.promise).resolves.toBeDefined();
    expect(server.state.calls).toBe(3);
    // Once fetched, the new key is served from memory.
    await cache.keyFor(JWKS, 'k2');
    expect(server.state.calls).toBe(3);
  });

  it('refetches at once for an unknown kid when the cached set is older than the interval', async () => {
    const server = fakeJwksServer([await jwk('k1')]);
    const clock = fakeClock();
    const cache = cacheOn(server, clock);
    await cache.keyFor(JWKS, 'k1');
    clock.advance(INTERVAL * 3);
    await expect(cache.keyFor(JWKS, 'junk')).rejects.toBeInstanceOf(UnknownKeyError);
    clock.advance(INTERVAL + 1);
    server.state.keys = [await jwk('k2')];
    await expect(cache.keyFor(JWKS, 'k2')).resolves.toBeDefined();
    expect(server.state.calls).toBe(3);
  });

  it('ignores keys that are not RSA signing keys for RS256', async () => {
    const server = fakeJwksServer([{ ...(await jwk('k1')), alg: 'RS512' }]);
    const cache = createPlatformKeyCache({ http: server.http });
    await expect(cache.keyFor(JWKS, 'k1')).rejects.toBeInstanceOf(UnknownKeyError);
  });

  it('serves a known key from cache when the endpoint is down, even after the refresh age', async () => {
    const server = fakeJwksServer([await jwk('k1')]);
    let clock = 0;
    const cache = createPlatformKeyCache({ http: server.http, now: () => clock, refreshAfterMs: 1000 });
    const key = await cache.keyFor(JWKS, 'k1');
    server.state.down = true;
    clock = 20_000;
    expect(await cache.keyFor(JWKS, 'k1')).toBe(key);
    expect(cache.fetchCount).toBe(2);
  });
});
