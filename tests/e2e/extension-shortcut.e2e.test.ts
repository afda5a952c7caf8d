import type { Browser } from 'wxt/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStepInput } from '../harness/builders.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { startVirtualDisplay, type VirtualDisplay } from './harness/virtual-display.ts';
import { OptionsPage, Overlay } from './pages/extension-pages.ts';

// The extension's own APIs, inside the service worker (worker.evaluate).
declare const chrome: typeof Browser;

const DOCS_URL = 'https://docs.google.com/document/d/shortcut-test/edit';

let display: VirtualDisplay;
let sites: FixtureSites;
let browser: BrowserSession;

// Browser shortcuts only answer real key presses, so this file runs a headed Chromium on a
// private X server and presses keys through it (CDP's key events go to the page, not the browser).
beforeAll(async () => {
  display = await startVirtualDisplay();
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
    display: display.display,
  });
  await OptionsPage.setLocalStep(browser.context, browser.extensionId!, aStepInput());
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
  display?.close();
});

describe('the keyboard shortcut', () => {
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
    await overlay.waitForTitle(aStepInput().title);
    await page.bringToFront();
    // The page's own key handlers, as an editor's would be.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenKeys: string[] }).seenKeys = seen;
      window.addEventListener('keydown', (event) => seen.push(event.key), true);
    });

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
    const seenKeys = () => page.evaluate(() => (window as unknown as { seenKeys: string[] }).seenKeys);
    await expect.poll(seenKeys).toContain('x');
    expect(await seenKeys()).not.toContain('K');
    await page.close();
  });
});
