import { aStepInput } from '../harness/builders.ts';
import { launchBrowser, type BrowserSession } from '../e2e/harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites } from '../e2e/harness/fixture-sites.ts';
import { OptionsPage } from '../e2e/pages/extension-pages.ts';

export interface BrowserPair {
  /** The built extension loaded, with a local step set so the overlay has something to show. */
  withExtension: BrowserSession & { extensionId: string };
  /** The same Chromium build and fixture hosts, no extension: the baseline. */
  without: BrowserSession;
}

/**
 * The page-cost benchmarks' setup: the fixture sites under their real hostnames and two
 * browsers, one with the extension and one without. Everything is closed after `work`.
 */
export async function withBrowserPair<T>(work: (pair: BrowserPair) => Promise<T>): Promise<T> {
  const sites = await startFixtureSites();
  const hostMap = { hosts: LESSON_PLAN_HOSTS, port: sites.port };
  const withExt = await launchBrowser({ withExtension: true, hostMap });
  const without = await launchBrowser({ withExtension: false, hostMap });
  try {
    const extensionId = withExt.extensionId!;
    await OptionsPage.setLocalStep(withExt.context, extensionId, aStepInput());
    return await work({ withExtension: { ...withExt, extensionId }, without });
  } finally {
    await withExt.close();
    await without.close();
    await sites.close();
  }
}
