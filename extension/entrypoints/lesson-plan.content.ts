import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { catchErrors, thrownByExtension } from '../errors.ts';
import { runFeatures } from '../features/feature-manager.ts';
import { features } from '../features/registry.ts';
import { createSiteGate } from '../features/site-access/site-gate.ts';
import { addedSitesValue, disabledSitesValue } from '../features/site-access/content-storage.ts';
import { DEFAULT_SITE_MATCHES } from '../features/site-access/sites.ts';

// Wiring only: the registry decides which features run on which page, the site gate whether the
// teacher switched this site off (or added it: the background registers this same file for added
// sites, features/site-access/site-scripts.ts). Top frame only (allFrames is false, and checked
// again here): Microsoft 365 editors are iframes on hosts that also match, and the overlay must
// appear once.
export default defineContentScript({
  matches: DEFAULT_SITE_MATCHES,
  allFrames: false,
  runAt: 'document_idle',
  // The overlay injects its own styles into its shadow root (overlay-view.ts).
  cssInjectionMode: 'manual',
  main: async (ctx) => {
    if (window.top !== window) return;
    // The page's own errors reach this window too: report only ours, until the script is invalidated.
    catchErrors('lesson-plan', {
      signal: ctx.signal,
      isOurs: thrownByExtension(browser.runtime.getURL('/')),
    });
    const gate = await createSiteGate(disabledSitesValue, addedSitesValue, ctx.signal);
    runFeatures(features, ctx, window.location, gate);
  },
});
