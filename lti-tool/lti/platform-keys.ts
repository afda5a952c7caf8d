import { importJWK, type JWK } from 'jose';
import * as v from 'valibot';

const JwksSchema = v.object({
  keys: v.array(v.looseObject({ kty: v.string(), kid: v.optional(v.string()), alg: v.optional(v.string()) })),
});

export class UnknownKeyError extends Error {
  override name = 'UnknownKeyError';
}

interface CachedSet {
  keys: Map<string, CryptoKey>;
  fetchedAt: number;
  lastAttempt: number;
  /** When an unknown kid last made us refetch: the cooldown counts from here. */
  lastMiss: number;
}

export interface PlatformKeyCacheOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** After this, a known key is still used, but a refresh is tried in the background. */
  refreshAfterMs?: number;
  /** An unknown kid refetches at most this often per platform: a flood of bad kids cannot hammer it. */
  cooldownMs?: number;
}

/**
 * Platform public keys by JWKS URL. A key once fetched keeps working through a key-endpoint
 * outage; an unknown kid triggers one refetch, so a platform's key rotation just works.
 * ltijs 5.9.9 fetched the JWKS on every launch instead.
 */
export function createPlatformKeyCache(options: PlatformKeyCacheOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  const refreshAfterMs = options.refreshAfterMs ?? 24 * 60 * 60 * 1000;
  const cooldownMs = options.cooldownMs ?? 10_000;
  const sets = new Map<string, CachedSet>();
  const inFlight = new Map<string, Promise<CachedSet>>();
  let fetches = 0;

  async function load(url: string): Promise<CachedSet> {
    fetches += 1;
    const response = await doFetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
    const body = v.parse(JwksSchema, await response.json());
    const keys = new Map<string, CryptoKey>();
    for (const jwk of body.keys) {
      if (!jwk.kid || jwk.kty !== 'RSA' || (jwk.alg && jwk.alg !== 'RS256')) continue;
      keys.set(jwk.kid, (await importJWK(jwk as JWK, 'RS256')) as CryptoKey);
    }
    const set = { keys, fetchedAt: now(), lastAttempt: now(), lastMiss: sets.get(url)?.lastMiss ?? 0 };
    sets.set(url, set);
    return set;
  }

  /** One fetch at a time per URL; failures are remembered as an attempt for the cooldown. */
  function refresh(url: string): Promise<CachedSet> {
    const running = inFlight.get(url);
    if (running) return running;
    const previous = sets.get(url);
    if (previous) previous.lastAttempt = now();
    const promise = load(url).finally(() => inFlight.delete(url));
    inFlight.set(url, promise);
    return promise;
  }

  return {
    async keyFor(jwksUrl: string, kid: string): Promise<CryptoKey> {
      const cached = sets.get(jwksUrl);
      const known = cached?.keys.get(kid);
      if (known) {
        if (now() - cached!.fetchedAt > refreshAfterMs && now() - cached!.lastAttempt > cooldownMs) {
          refresh(jwksUrl).catch(() => undefined);
        }
        return known;
      }
      if (cached && now() - cached.lastMiss < cooldownMs) {
        throw new UnknownKeyError(`No key "${kid}" in the platform's key set`);
      }
      if (cached) cached.lastMiss = now();
      const fresh = await refresh(jwksUrl).catch((cause: unknown) => {
        throw new UnknownKeyError(`No key "${kid}": the platform's key set could not be fetched`, { cause });
      });
      const key = fresh.keys.get(kid);
      if (!key) throw new UnknownKeyError(`No key "${kid}" in the platform's key set`);
      return key;
    },

    /** How many times a JWKS was fetched: benchmarks report it per 1,000 launches. */
    get fetchCount(): number {
      return fetches;
    },
  };
}
export type PlatformKeyCache = ReturnType<typeof createPlatformKeyCache>;
