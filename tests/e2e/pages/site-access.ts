import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_SITES } from '../../../extension/features/site-access/sites.ts';

/** chrome://extensions' own API, inside that page (page.evaluate). */
declare const chrome: {
  developerPrivate: {
    updateExtensionConfiguration(update: { extensionId: string; hostAccess: HostAccess }): Promise<void>;
    addHostPermission(extensionId: string, host: string): Promise<void>;
  };
};

/** Chromium's "Site access" choices for an extension (chrome://extensions, the toolbar's extensions menu). */
export type HostAccess = 'ON_CLICK' | 'ON_SPECIFIC_SITES' | 'ON_ALL_SITES';

/**
 * What a user does in Chromium's extension details page: set the extension's site access, or allow
 * it on one more site. Driven through the page's own `chrome.developerPrivate`, the API its
 * "Site access" menu and "Add site" dialog call.
 */
export class ChromeSiteAccess {
  constructor(
    readonly page: Page,
    readonly extensionId: string,
  ) {}

  static async open(context: BrowserContext, extensionId: string): Promise<ChromeSiteAccess> {
    const page = await context.newPage();
    await page.goto(`chrome://extensions/?id=${extensionId}`);
    return new ChromeSiteAccess(page, extensionId);
  }

  async set(hostAccess: HostAccess): Promise<void> {
    await this.page.evaluate((update) => chrome.developerPrivate.updateExtensionConfiguration(update), {
      extensionId: this.extensionId,
      hostAccess,
    });
  }

  /** "On specific sites" → Add a site, e.g. `https://docs.google.com/*`. */
  async allowOn(host: string): Promise<void> {
    await this.page.evaluate(({ id, pattern }) => chrome.developerPrivate.addHostPermission(id, pattern), {
      id: this.extensionId,
      pattern: host,
    });
  }
}

/**
 * What the options page says of each default site now: its row's `data-access` ('checking' until
 * the browser has answered). Poll it: the page follows changes live.
 */
export function readSiteAccess(options: Page): Promise<Record<string, string | null>> {
  return options.evaluate(
    (ids) => {
      const shown: Record<string, string | null> = {};
      for (const id of ids) {
        shown[id] = document.querySelector(`[data-testid="site-${id}"]`)?.getAttribute('data-access') ?? null;
      }
      return shown;
    },
    DEFAULT_SITES.map((site) => site.id),
  );
}

/** Every default site's id → `access`. */
export function allSites(access: string): Record<string, string> {
  return Object.fromEntries(DEFAULT_SITES.map((site) => [site.id, access]));
}
