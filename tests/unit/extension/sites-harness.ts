import { onTestFinished, vi } from 'vitest';
import type { HostPermissions } from '../../../extension/entrypoints/options/sites-state.svelte.ts';
import { createSiteGate } from '../../../extension/features/site-access/site-gate.ts';
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
};

/**
 * browser.permissions as the options page sees it: every origin granted except `withheld`;
 * `request` answers `grant` (a prompt the teacher accepts or declines) and grants on yes.
 */
export function fakePermissions(grant: boolean, withheld: readonly string[] = []): FakePermissions {
  const missing = new Set(withheld);
  const added = new Set<() => void>();
  const removed = new Set<() => void>();
  const event = (listeners: Set<() => void>) => ({
    addListener: (callback: () => void) => void listeners.add(callback),
    removeListener: (callback: () => void) => void listeners.delete(callback),
  });
  return {
    request: vi.fn(async ({ origins }: { origins: string[] }) => {
      if (!grant) return false;
      for (const origin of origins) missing.delete(origin);
      for (const listener of added) listener();
      return true;
    }),
    remove: vi.fn(async () => true),
    contains: async ({ origins }) => origins.every((origin) => !missing.has(origin)),
    onAdded: event(added),
    onRemoved: event(removed),
    withhold(origins) {
      for (const origin of origins) missing.add(origin);
      for (const listener of removed) listener();
    },
  };
}
