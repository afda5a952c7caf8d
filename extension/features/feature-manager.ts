import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { reportError } from '../errors.ts';
import type { FeatureDefinition, FeatureGate } from './types.ts';

const OPEN_GATE: FeatureGate = { allows: () => true, isAdded: () => false, watch: () => {} };

/**
 * Owns every feature's lifetime: one AbortController per running feature. Lesson-planning sites
 * are single-page apps, so on in-page navigation (WXT's `wxt:locationchange`) a feature starts or
 * stops only when its `matches` answer changes (a hash or `?tab=` change must not remount the
 * overlay); the gate (per-site on/off) is re-asked when it changes. WXT's context aborts
 * everything when the content script is invalidated (extension reloaded or updated).
 */
export function runFeatures(
  features: readonly FeatureDefinition[],
  contentScript: ContentScriptContext,
  location: Pick<Location, 'href'> = window.location,
  gate: FeatureGate = OPEN_GATE,
): void {
  const running = new Map<string, AbortController>();
  let current = new URL(location.href);

  const update = (url: URL) => {
    current = url;
    const allowed = gate.allows(url);
    for (const feature of features) {
      const active = running.get(feature.id);
      const wanted =
        allowed && (feature.matches(url) || (feature.onAddedSites === true && gate.isAdded(url)));
      if (active && !wanted) {
        active.abort();
        running.delete(feature.id);
      } else if (!active && wanted) {
        const controller = new AbortController();
        running.set(feature.id, controller);
        const signal = AbortSignal.any([controller.signal, contentScript.signal]);
        Promise.resolve()
          .then(() => feature.init({ signal, contentScript }))
          .catch((error: unknown) => reportError(feature.id, error));
      }
    }
  };

  update(current);
  contentScript.addEventListener(window, 'wxt:locationchange', (event) => update(event.newUrl));
  gate.watch(() => update(current), contentScript.signal);
}
