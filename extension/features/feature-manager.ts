import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { reportError } from '../services/report-error.ts';
import type { FeatureDefinition } from './types.ts';

/**
 * Owns every feature's lifetime: one AbortController per running feature. Docs and Slides are
 * single-page apps, so on in-page navigation a feature starts or stops only when its `matches`
 * answer changes (a hash or `?tab=` change must not remount the overlay). WXT's context aborts
 * everything when the content script is invalidated.
 */
export function runFeatures(
  features: readonly FeatureDefinition[],
  contentScript: ContentScriptContext,
  location: Pick<Location, 'href'> = window.location,
): void {
  const running = new Map<string, AbortController>();

  const update = (url: URL) => {
    for (const feature of features) {
      const active = running.get(feature.id);
      const wanted = feature.matches(url);
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

  update(new URL(location.href));
  contentScript.addEventListener(window, 'wxt:locationchange', (event) => update(event.newUrl));
}
