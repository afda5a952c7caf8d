import type { FeatureGate } from '../types.ts';
import { readAddedSites } from './added-sites.ts';
import { DEFAULT_SITES, siteForUrl } from './sites.ts';

/** A stored list: a storage.ts item, or the content script's batched view of it (content-storage.ts). */
interface ListItem {
  getValue(): Promise<string[]>;
  watch(onChange: (value: string[]) => void): () => void;
}

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
  // Set once a change arrives: from then on the stored value is known without the first read.
  const heard = { disabled: false, added: false };
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const unwatchDisabled = disabledItem.watch((value) => {
    disabled = readDisabledSites(value);
    heard.disabled = true;
    changed();
  });
  const unwatchAdded = addedItem.watch((value) => {
    added = readAddedSites(value);
    heard.added = true;
    changed();
  });
  signal.addEventListener(
    'abort',
    () => {
      unwatchDisabled();
      unwatchAdded();
      listeners.clear();
    },
    { once: true },
  );
  // Asked together: the content script's reads in one tick share one storage round trip. A value
  // that changed while they were on their way is newer than what they bring back.
  const [disabledValue, addedValue] = await Promise.all([disabledItem.getValue(), addedItem.getValue()]);
  if (!heard.disabled) disabled = readDisabledSites(disabledValue);
  if (!heard.added) added = readAddedSites(addedValue);
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
