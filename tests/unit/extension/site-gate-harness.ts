import { onTestFinished } from 'vitest';
import { createSiteGate } from '../../../extension/features/site-access/site-gate.ts';
import type { FeatureGate } from '../../../extension/features/types.ts';
import { addedSitesItem, disabledSitesItem } from '../../../extension/storage.ts';

/** The site gate over the stored lists (fakeBrowser's storage), following them until the test ends. */
export function storedSiteGate(): Promise<FeatureGate> {
  const life = new AbortController();
  onTestFinished(() => life.abort());
  return createSiteGate(disabledSitesItem, addedSitesItem, life.signal);
}
