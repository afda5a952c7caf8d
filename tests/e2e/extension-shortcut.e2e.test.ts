import type { Page as FirefoxPage } from 'puppeteer-core';
import type { Browser } from 'wxt/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStepInput } from '../harness/builders.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { launchFirefox, type FirefoxSession } from './harness/firefox.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { startVirtualDisplay, type VirtualDisplay } from './harness/virtual-display.ts';
import { OptionsPage, Overlay } from './pages/extension-pages.ts';
import { FirefoxOptionsPage, waitForOverlay } from './pages/extension-pages-firefox.ts';

// The extension's own APIs, inside the service worker (worker.evaluate).
declare const chrome: typeof Browser;

const DOCS_URL = 'https://docs.google.com/document/d/shortcut-test/edit';
const STEP = aStepInput();

let display: VirtualDisplay;
let sites: FixtureSites;

// Browser shortcuts only answer real key presses, so this file runs each browser headed on a
// private X server, one at a time, and presses keys through it (CDP's and BiDi's key events go
// to the page, not to the browser's shortcut handling).
beforeAll(async () => {
  display = await startVirtualDisplay();
  sites = await startFixtureSites();
});
afterAll(async () => {
  await sites?.close();
  display?.close();
});

/** The page's own key handlers, as an editor's would be: the keys it heard, in order. */
const RECORD_KEYS = () => {
  const seen: string[] = [];
  (window as unknown as { seenKeys: string[] }).seenKeys = seen;
  window.addEventListener('keydown', (event) => seen.push(event.key), true);
};
const SEEN_KEYS = () => (window as unknown as { seenKeys: string[] }).seenKeys;

describe('the keyboard shortcut in Chromium', () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await launchBrowser({
      withExtension: true,
      hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
      display: display.display,
    });
    await OptionsPage.setLocalStep(browser.context, browser.extensionId!, STEP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is Alt+Shift+K, registered with the browser for "toggle-overlay"', async () => {
    const worker = browser.context.serviceWorkers()[0]!;
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    expect(commands).toContainEqual(
      expect.objectContaining({ name: 'toggle-overlay', shortcut: 'Alt+Shift+K' }),
    );
  });

  it('hides and shows the overlay on a real key press, without the page seeing the keys', async () => {
    const page = await browser.context.newPage();
    await page.goto(DOCS_URL);
    const overlay = new Overlay(page);
    await overlay.waitForTitle(STEP.title);
    await page.bringToFront();
    await page.evaluate(RECORD_KEYS);

    display.pressKeys('alt+shift+k');
    await page.locator('action-step-coach [data-state="collapsed"]').waitFor();
    await expect
      .poll(() =>
        overlay.root
          .getByRole('button', { name: 'Your action step', exact: true })
          .getAttribute('aria-expanded'),
      )
      .toBe('false');

    display.pressKeys('alt+shift+k');
    await page.locator('action-step-coach [data-state="expanded"]').waitFor();
    // The page does hear ordinary keys through the same X server, just never the shortcut's.
    display.pressKeys('x');
    await expect.poll(() => page.evaluate(SEEN_KEYS)).toContain('x');
    expect(await page.evaluate(SEEN_KEYS)).not.toContain('K');
    await page.close();
  });
});

describe('the keyboard shortcut in Firefox ESR', () => {
  let firefox: FirefoxSession;
  beforeAll(async () => {
    firefox = await launchFirefox({
      hostMaps: [{ hosts: LESSON_PLAN_HOSTS, port: sites.port }],
      display: display.display,
    });
    const options = await FirefoxOptionsPage.open(firefox);
    await options.saveLocalStep(STEP);
    await options.page.close();
  });
  afterAll(async () => {
    await firefox?.close();
  });

  const stateIs = (page: FirefoxPage, state: 'collapsed' | 'expanded') =>
    page.waitForFunction(
      (expected) =>
        document
          .querySelector('action-step-coach')
          ?.shadowRoot?.querySelector(`[data-testid="action-step-overlay"][data-state="${expected}"]`) !=
        null,
      { polling: 100 },
      state,
    );

  it('hides and shows the overlay on a real key press', async () => {
    const page = await firefox.browser.newPage();
    await page.goto(DOCS_URL, { waitUntil: 'load' });
    await waitForOverlay(page, STEP.title);
    await page.bringToFront();

    // Unlike Chromium, Firefox lets the page hear the shortcut's keydown as well (it handles
    // extension shortcuts after the page), so there is no "page never sees it" check here.
    display.pressKeys('alt+shift+k');
    await stateIs(page, 'collapsed');
    display.pressKeys('alt+shift+k');
    await stateIs(page, 'expanded');
    await page.close();
  });
});
