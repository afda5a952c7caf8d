import type { FeatureGate } from '../types.ts';
import { readAddedSites } from './added-sites.ts';
import { followValue, type FollowableValue } from './follow-value.ts';
import { DEFAULT_SITES, siteForUrl } from './sites.ts';

/** A stored list: a storage.ts item, or the content script's batched view of it (content-storage.ts). */
type ListItem = FollowableValue<string[]>;

const KNOWN_IDS = new Set(DEFAULT_SITES.map((site) => site.id));

/** The stored list, validated: storage outlives this code, so unknown or non-text entries are dropped. */
export function readDisabledSites(value: unknown): Set<string> {
  if (!Array.isArray(value)) return new Set();
  return new Set(value.filter((id): id is string => typeof id === 'string' && KNOWN_IDS.has(id)));
}

/** The list with `id` switched on (removed) or off (added), in a stable order for storage. */
export function withSiteEnabled(value: unknown, id: string, enabled: boolean): string[] {
  const disabled = readDisabledSites(value);
  if (enabled) disabled.delete(id);
  else if (KNOWN_IDS.has(id)) disabled.add(id);
  return DEFAULT_SITES.map((site) => site.id).filter((siteId) => disabled.has(siteId));
}

/**
 * Whether features may run on a URL: not on a default site the teacher switched off; and which
 * pages belong to sites the teacher added. Follows changes from before its first read (a switch
 * flipped while the page loads is not lost), so an open page unmounts or mounts the overlay live.
 * Stops following when `signal` aborts (the content script's life).
 */
export async function createSiteGate(
  disabledItem: ListItem,
  addedItem: ListItem,
  signal: AbortSignal,
): Promise<FeatureGate> {
  let disabled = new Set<string>();
  let added: string[] = [];
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  signal.addEventListener('abort', () => listeners.clear(), { once: true });
  // Asked together: the content script's reads in one tick share one storage round trip.
  await Promise.all([
    followValue(
      disabledItem,
      (value) => {
        disabled = readDisabledSites(value);
        changed();
      },
      signal,
    ),
    followValue(
      addedItem,
      (value) => {
        added = readAddedSites(value);
        changed();
      },
      signal,
    ),
  ]);
  return {
    allows(url) {
      const site = siteForUrl(url);
      return site === null || !disabled.has(site.id);
    },
    isAdded(url) {
      return url.protocol === 'https:' && added.includes(url.hostname);
    },
    watch(onChange, until) {
      listeners.add(onChange);
      until.addEventListener('abort', () => listeners.delete(onChange), { once: true });
    },
  };
}
