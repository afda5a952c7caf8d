import type { PlatformLookup, PlatformRecord, PlatformStore } from './platform-store.ts';

/** How long a registration change (e.g. `platform remove` in another process) may take to be seen. */
export const PLATFORM_CACHE_MS = 30_000;

/**
 * The platform registry as every login and launch reads it: from memory, refreshed after
 * PLATFORM_CACHE_MS. Registrations change rarely; launches come in bursts at 9 am. A removed
 * platform or deployment is refused within PLATFORM_CACHE_MS everywhere.
 */
export function cachedPlatforms(
  platforms: PlatformStore,
  options: { ttlMs?: number; now?: () => number } = {},
): PlatformLookup {
  const ttl = options.ttlMs ?? PLATFORM_CACHE_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; at: number }>();

  /** Only found things are remembered: a platform registered a moment ago must work at once. */
  async function remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = entries.get(key);
    if (hit && now() - hit.at < ttl) return hit.value as T;
    const value = await load();
    const found = Array.isArray(value) ? value.length > 0 : Boolean(value);
    if (found) entries.set(key, { value, at: now() });
    else entries.delete(key);
    return value;
  }

  return {
    find: (issuer, clientId) =>
      remember<PlatformRecord | null>(`find\u0000${issuer}\u0000${clientId}`, () =>
        platforms.find(issuer, clientId),
      ),
    withIssuer: (issuer) => remember(`issuer\u0000${issuer}`, () => platforms.withIssuer(issuer)),
    byId: (id) => remember(`id\u0000${id}`, () => platforms.byId(id)),
    hasDeployment: (platformId, deploymentId) =>
      remember(`deployment\u0000${platformId}\u0000${deploymentId}`, () =>
        platforms.hasDeployment(platformId, deploymentId),
      ),
  };
}
