import { importJWK, type JWK } from 'jose';
import * as v from 'valibot';
import type { PlatformHttp } from '../services/platform-fetch.ts';

const JwksSchema = v.object({
  keys: v.array(v.looseObject({ kty: v.string(), kid: v.optional(v.string()), alg: v.optional(v.string()) })),
});

export class UnknownKeyError extends Error {
  override name = 'UnknownKeyError';
}

interface KeySet {
  keys: Map<string, CryptoKey>;
  /** When the fetch that produced it started. */
  fetchedAt: number;
}

/** One JWKS URL: its last good set, and the one fetch running or due next. */
interface Source {
  set: KeySet | null;
  /** When the last fetch started (successful or not): the interval counts from here. */
  lastStart: number;
  running: { startedAt: number; promise: Promise<KeySet> } | null;
  /** The next fetch, waiting for the interval to pass; every miss meanwhile shares it. */
  next: Promise<KeySet> | null;
}

export interface PlatformKeyCacheOptions {
  http: Pick<PlatformHttp, 'request'>;
  now?: () => number;
  /** Resolves after `ms`; tests pass their fake clock's. */
  wait?: (ms: number) => Promise<void>;
  /** After this, a known key is still used, but a refresh is tried in the background. */
  refreshAfterMs?: number;
  /**
   * At most one fetch of a key set per this interval, however many unknown kids arrive: a flood
   * of junk kids costs the platform one request per interval. A launch whose kid is missing waits
   * for the next allowed fetch (shared by every launch waiting) instead of failing, so a real key
   * rotation just after a junk kid is still accepted, a moment later.
   */
  minIntervalMs?: number;
}

export const KEY_SET_MIN_INTERVAL_MS = 2_000;

const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Platform public keys by JWKS URL (the resource fetched: hosted Canvas schools share one). A key
 * once fetched keeps working through a key-endpoint outage; an unknown kid is looked up in a set
 * fetched after it arrived, so a platform's key rotation just works. ltijs 5.9.9 fetched the JWKS
 * on every launch instead.
 */
export function createPlatformKeyCache(options: PlatformKeyCacheOptions) {
  const { http } = options;
  const now = options.now ?? Date.now;
  const wait = options.wait ?? defaultWait;
  const refreshAfterMs = options.refreshAfterMs ?? 24 * 60 * 60 * 1000;
  const minIntervalMs = options.minIntervalMs ?? KEY_SET_MIN_INTERVAL_MS;
  const sources = new Map<string, Source>();
  let fetches = 0;

  function sourceFor(url: string): Source {
    let source = sources.get(url);
    if (!source) {
      source = { set: null, lastStart: Number.NEGATIVE_INFINITY, running: null, next: null };
      sources.set(url, source);
    }
    return source;
  }

  async function load(url: string, startedAt: number): Promise<KeySet> {
    fetches += 1;
    const response = await http.request(url, {
      purpose: 'jwks',
      headers: { Accept: 'application/json' },
      timeoutMs: 5000,
      maxBytes: 512 * 1024,
    });
    if (!response.ok) throw new Error(`JWKS ${new URL(url).host} answered ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new Error(`JWKS ${new URL(url).host} did not answer JSON`);
    }
    const body = v.parse(JwksSchema, json);
    const keys = new Map<string, CryptoKey>();
    for (const jwk of body.keys) {
      if (!jwk.kid || jwk.kty !== 'RSA' || (jwk.alg && jwk.alg !== 'RS256')) continue;
      keys.set(jwk.kid, (await importJWK(jwk as JWK, 'RS256')) as CryptoKey);
    }
    return { keys, fetchedAt: startedAt };
  }

  /** Starts a fetch now; a successful one replaces the set, a failed one keeps the old. */
  function start(url: string, source: Source): Promise<KeySet> {
    const startedAt = now();
    source.lastStart = startedAt;
    const promise = load(url, startedAt)
      .then((set) => {
        if (!source.set || set.fetchedAt >= source.set.fetchedAt) source.set = set;
        return set;
      })
      .finally(() => {
        if (source.running?.promise === promise) source.running = null;
      });
    source.running = { startedAt, promise };
    return promise;
  }

  /** A set from a fetch that started at or after `since`: running, due next, or started now. */
  function fetchedSince(url: string, source: Source, since: number): Promise<KeySet> {
    if (source.running && source.running.startedAt >= since) return source.running.promise;
    if (source.next) return source.next;
    const delay = Math.max(0, source.lastStart + minIntervalMs - now());
    if (delay === 0 && !source.running) return start(url, source);
    const next = (async () => {
      if (delay > 0) await wait(delay);
      // One fetch at a time per URL: the next starts when the one before has finished.
      await source.running?.promise.catch(() => undefined);
      source.next = null;
      return start(url, source);
    })();
    source.next = next;
    return next;
  }

  return {
    async keyFor(jwksUrl: string, kid: string): Promise<CryptoKey> {
      const source = sourceFor(jwksUrl);
      const known = source.set?.keys.get(kid);
      if (known) {
        const stale = now() - source.set!.fetchedAt > refreshAfterMs;
        if (stale && !source.running && !source.next && now() - source.lastStart >= minIntervalMs) {
          start(jwksUrl, source).catch(() => undefined);
        }
        return known;
      }
      let fresh: KeySet;
      try {
        fresh = await fetchedSince(jwksUrl, source, now());
      } catch (cause) {
        throw new UnknownKeyError(`No key "${kid}": the platform's key set could not be fetched`, { cause });
      }
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
