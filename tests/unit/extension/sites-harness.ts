import { onTestFinished, vi } from 'vitest';
import type { HostPermissions } from '../../../extension/entrypoints/options/sites-state.svelte.ts';
import { createSiteGate } from '../../../extension/features/site-access/site-gate.ts';
import { DEFAULT_SITE_MATCHES } from '../../../extension/features/site-access/sites.ts';
import type { FeatureGate } from '../../../extension/features/types.ts';
import { addedSitesItem, disabledSitesItem } from '../../../extension/storage.ts';

/** The site gate over the stored lists (fakeBrowser's storage), following them until the test ends. */
export function storedSiteGate(): Promise<FeatureGate> {
  const life = new AbortController();
  onTestFinished(() => life.abort());
  return createSiteGate(disabledSitesItem, addedSitesItem, life.signal);
}

export type FakePermissions = HostPermissions & {
  request: ReturnType<typeof vi.fn>;
  remove: ReturnType<typeof vi.fn>;
  /** The user takes access to these origins away elsewhere (the add-ons manager, site access). */
  withhold(origins: readonly string[]): void;
  /** The user gives access back elsewhere (Chromium's "on specific sites", "on all sites"). */
  restore(origins: readonly string[]): void;
};

/**
 * browser.permissions as a fresh Chromium install answers the options page: `getAll()` lists the
 * content script's match patterns as they are in the manifest (paths and all), less `withheld`.
 * `request` answers `grant` (a prompt the teacher accepts or declines) and adds what it asked for;
 * `remove` drops it. Listeners hear every change, as `permissions.onAdded`/`onRemoved` do.
 */
export function fakePermissions(grant: boolean, withheld: readonly string[] = []): FakePermissions {
  const granted = new Set(DEFAULT_SITE_MATCHES.filter((origin) => !withheld.includes(origin)));
  const added = new Set<() => void>();
  const removed = new Set<() => void>();
  const event = (listeners: Set<() => void>) => ({
    addListener: (callback: () => void) => void listeners.add(callback),
    removeListener: (callback: () => void) => void listeners.delete(callback),
  });
  const give = (origins: readonly string[]) => {
    for (const origin of origins) granted.add(origin);
    for (const listener of added) listener();
  };
  const take = (origins: readonly string[]) => {
    for (const origin of origins) granted.delete(origin);
    for (const listener of removed) listener();
  };
  return {
    request: vi.fn(async ({ origins }: { origins: string[] }) => {
      if (!grant) return false;
      give(origins);
      return true;
    }),
    remove: vi.fn(async ({ origins }: { origins: string[] }) => {
      take(origins);
      return true;
    }),
    getAll: async () => ({ origins: [...granted], permissions: ['storage'] }),
    onAdded: event(added),
    onRemoved: event(removed),
    withhold: take,
    restore: give,
  };
}
