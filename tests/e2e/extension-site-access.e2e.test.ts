import type { Page } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITES } from '../../extension/features/site-access/sites.ts';
import { aStepInput } from '../harness/builders.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { OptionsPage, Overlay } from './pages/extension-pages.ts';
import { ChromeSiteAccess, allSites, readSiteAccess } from './pages/site-access.ts';

// A fresh Chromium profile with the built extension: the page it opens on install, then what the
// options page says about each default site, checked against where Chromium really runs the
// overlay, as the user changes the extension's site access (chrome://extensions).

// The extension's own APIs, inside its pages (page.evaluate).
declare const chrome: typeof Browser;

const DOC_URL = 'https://docs.google.com/document/d/site-access/edit';
const SHAREPOINT_URL = 'https://contoso.sharepoint.com/:w:/r/sites/maths/Year9.docx?web=1';
const STEP_TITLE = 'Cold call after wait time';

let sites: FixtureSites;
let browser: BrowserSession;
let extensionId: string;

beforeAll(async () => {
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
    keepWelcome: true,
  });
  extensionId = browser.extensionId!;
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
});

describe('first run', () => {
  it('opens the welcome page on install: three steps, the pairing form and the sites, accessible light and dark', async () => {
    const welcome = browser.welcome!;
    expect(welcome.url()).toBe(`chrome-extension://${extensionId}/welcome.html`);
    await welcome.getByRole('heading', { level: 1, name: 'Welcome to Action Step Coach' }).waitFor();

    const steps = welcome.locator('main > ol > li');
    expect(await steps.count()).toBe(3);
    expect(await steps.locator('h2').allTextContents()).toEqual([
      'Your step, beside your planning',
      'Connect to your coaching server',
      'Where it works',
    ]);
    expect(await steps.nth(0).textContent()).toContain('It never reads the page it sits on.');
    await steps.nth(1).getByRole('button', { name: 'Connect' }).waitFor();
    expect(await steps.nth(1).textContent()).toContain('teacher page');
    expect(await welcome.getByTestId('welcome-sites').locator('li').allTextContents()).toEqual(
      DEFAULT_SITES.map((site) => site.name),
    );
    // The header shows the built icon (extension/public/icon/48.png).
    expect(
      await welcome.locator('header img').evaluate((image: HTMLImageElement) => image.naturalWidth),
    ).toBe(48);

    await welcome.emulateMedia({ colorScheme: 'light' });
    expect(await axeViolations(welcome)).toEqual([]);
    await welcome.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(welcome)).toEqual([]);
    await welcome.close();
  });
});

/**
 * After `load`, waits for the page's next two idle periods: Chromium injects `document_idle`
 * content scripts by the end of `load`, and the overlay mounts from there. The "runs" checks
 * below use the same wait, so "does not run" is not vacuous.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestIdleCallback(() => requestIdleCallback(() => resolve()))),
  );
}

/** Opens `url`, lets it settle, and counts the overlays it got (0 or 1). */
async function overlaysOn(url: string): Promise<number> {
  const page = await browser.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await settled(page);
  if ((await page.locator('action-step-coach').count()) > 0) await new Overlay(page).waitForTitle(STEP_TITLE);
  const count = await page.locator('action-step-coach').count();
  await page.close();
  return count;
}

describe('site access: the options page says "on" exactly where Chromium runs the overlay', () => {
  let options: OptionsPage;
  let access: ChromeSiteAccess;

  beforeAll(async () => {
    await OptionsPage.setLocalStep(browser.context, extensionId, aStepInput({ title: STEP_TITLE }));
    options = await OptionsPage.open(browser.context, extensionId);
    access = await ChromeSiteAccess.open(browser.context, extensionId);
  });

  /** Each blocked site's own Allow button (not the summary's "Allow on all N sites"). */
  const allowButtons = () => options.page.getByRole('button', { name: /^Allow on (?!all \d+ sites)/ });
  const summary = () => options.page.getByTestId('sites-blocked');

  it('fresh install: every default site is on, nothing to allow, and the overlay runs', async () => {
    // permissions.contains answers false for these hosts here; the page must not believe it.
    const contains = await options.page.evaluate(() =>
      chrome.permissions.contains({ origins: ['https://docs.google.com/document/*'] }),
    );
    expect(contains).toBe(false);

    await expect.poll(() => readSiteAccess(options.page)).toEqual(allSites('granted'));
    expect(await allowButtons().count()).toBe(0);
    expect(await summary().count()).toBe(0);
    expect(await overlaysOn(DOC_URL)).toBe(1);
    expect(await overlaysOn(SHAREPOINT_URL)).toBe(1);
  });

  it('"site access: on click": every site says blocked with an Allow button, and the overlay does not run', async () => {
    await access.set('ON_CLICK');
    // The open options page hears permissions.onRemoved.
    await expect.poll(() => readSiteAccess(options.page)).toEqual(allSites('withheld'));
    expect(await allowButtons().count()).toBe(DEFAULT_SITES.length);
    // One click asks for all of them at once.
    await summary()
      .getByRole('button', { name: `Allow on all ${DEFAULT_SITES.length} sites` })
      .waitFor();
    const docs = options.page.getByTestId('withheld-google-docs');
    expect(await docs.textContent()).toContain('Your browser is not letting the extension run here.');
    expect(await axeViolations(options.page, '[data-testid="sites-section"]')).toEqual([]);

    expect(await overlaysOn(DOC_URL)).toBe(0);
    expect(await overlaysOn(SHAREPOINT_URL)).toBe(0);
  });

  it('"on specific sites" with Google Docs: Docs says on and runs the overlay, the rest stay blocked', async () => {
    await access.allowOn('https://docs.google.com/*');
    await expect
      .poll(() => readSiteAccess(options.page))
      .toEqual({ ...allSites('withheld'), 'google-docs': 'granted' });
    expect(await options.page.getByRole('button', { name: /^Allow on Google Docs/ }).count()).toBe(0);
    expect(await allowButtons().count()).toBe(DEFAULT_SITES.length - 1);

    expect(await overlaysOn(DOC_URL)).toBe(1);
    expect(await overlaysOn(SHAREPOINT_URL)).toBe(0);
  });

  it('one SharePoint tenant allowed: Microsoft 365 says "only some", and the overlay runs on that tenant', async () => {
    await access.allowOn('https://contoso.sharepoint.com/*');
    await expect
      .poll(() => readSiteAccess(options.page))
      .toEqual({ ...allSites('withheld'), 'google-docs': 'granted', 'microsoft-365': 'partial' });
    expect(await options.page.getByTestId('withheld-microsoft-365').textContent()).toContain(
      'only some of these addresses',
    );
    expect(await overlaysOn(SHAREPOINT_URL)).toBe(1);
  });

  it('"on all sites" again: every site says on, and the overlay is back', async () => {
    await access.set('ON_ALL_SITES');
    await expect.poll(() => readSiteAccess(options.page)).toEqual(allSites('granted'));
    expect(await allowButtons().count()).toBe(0);
    expect(await overlaysOn(SHAREPOINT_URL)).toBe(1);
  });

  it('a reload of the options page reads the same (not only the change events)', async () => {
    await access.set('ON_CLICK');
    await expect.poll(() => readSiteAccess(options.page)).toEqual(allSites('withheld'));
    await options.page.reload();
    await expect.poll(() => readSiteAccess(options.page)).toEqual(allSites('withheld'));
    await access.set('ON_ALL_SITES');
    await expect.poll(() => readSiteAccess(options.page)).toEqual(allSites('granted'));
  });
});
