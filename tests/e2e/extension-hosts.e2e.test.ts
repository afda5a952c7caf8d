import type { Page } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStepInput } from '../harness/builders.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { OptionsPage, Overlay } from './pages/extension-pages.ts';

// The extension's own APIs, inside the service worker (worker.evaluate).
declare const chrome: typeof Browser;

const SHAREPOINT_URL = 'https://contoso.sharepoint.com/:w:/r/sites/maths/Year9.docx?web=1';
const OAK_URL = 'https://labs.thenational.academy/aila/lesson-1';
const STEP_TITLE = 'Cold call after wait time';

let sites: FixtureSites;
let browser: BrowserSession;
let extensionId: string;

/** Every overlay host element in a page or frame (the overlay lives in its open shadow root). */
const hostCount = (target: Pick<Page, 'locator'>) => target.locator('action-step-coach').count();

async function openWithOverlay(url: string): Promise<{ page: Page; overlay: Overlay }> {
  const page = await browser.context.newPage();
  await page.goto(url);
  const overlay = new Overlay(page);
  await overlay.waitForTitle(STEP_TITLE);
  return { page, overlay };
}

beforeAll(async () => {
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
  });
  extensionId = browser.extensionId!;
  await OptionsPage.setLocalStep(browser.context, extensionId, aStepInput({ title: STEP_TITLE }));
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
});

describe('where the overlay appears', () => {
  it('shows exactly one overlay on SharePoint, in the top frame, not in the matching officeapps iframe', async () => {
    const { page, overlay } = await openWithOverlay(SHAREPOINT_URL);
    const editor = page.frameLocator('#WebApplicationFrame');
    await editor.getByRole('textbox', { name: 'Document body' }).waitFor();
    const editorFrame = page.frames().find((frame) => frame.url().includes('officeapps.live.com'));
    expect(editorFrame).toBeDefined();

    expect(await hostCount(page)).toBe(1);
    expect(await editorFrame!.locator('action-step-coach').count()).toBe(0);
    expect(await overlay.root.count()).toBe(1);
    expect(await axeViolations(page, 'action-step-coach')).toEqual([]);
    await page.close();
  });

  it('keeps one overlay across pushState navigations, and leaves pages that do not match', async () => {
    const { page, overlay } = await openWithOverlay(OAK_URL);
    // Mark our host element: a remount would replace it with an unmarked one.
    await page.locator('action-step-coach').evaluate((host) => host.setAttribute('data-e2e-mark', 'first'));

    await page.getByRole('link', { name: 'Lesson 2' }).click();
    await page.getByRole('heading', { name: 'Aila /aila/lesson-2' }).waitFor();
    await page.getByRole('link', { name: 'Lesson 1' }).click();
    await page.getByRole('heading', { name: 'Aila /aila/lesson-1' }).waitFor();
    expect(page.url()).toBe(OAK_URL);
    expect(await hostCount(page)).toBe(1);
    expect(await page.locator('action-step-coach[data-e2e-mark="first"]').count()).toBe(1);

    await page.getByRole('link', { name: 'Quiz designer' }).click();
    await page.locator('action-step-coach').waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Lesson 2' }).click();
    await overlay.waitForTitle(STEP_TITLE);
    expect(await hostCount(page)).toBe(1);
    await page.close();
  });

  it('leaves an open page when the teacher switches its site off, and returns when switched on', async () => {
    const { page, overlay } = await openWithOverlay(SHAREPOINT_URL);
    const options = await OptionsPage.open(browser.context, extensionId);
    const section = options.page.getByTestId('sites-section');
    const microsoft = section.getByRole('switch', { name: /Microsoft 365/ });
    expect(await axeViolations(options.page, '[data-testid="sites-section"]')).toEqual([]);

    await microsoft.uncheck();
    await page.locator('action-step-coach').waitFor({ state: 'detached' });

    // Other sites are unaffected.
    const oak = await openWithOverlay(OAK_URL);
    await oak.page.close();

    await microsoft.check();
    await overlay.waitForTitle(STEP_TITLE);
    expect(await hostCount(page)).toBe(1);
    await options.page.close();
    await page.close();
  });

  it('toggles when the background forwards the keyboard shortcut to the tab', async () => {
    const { page, overlay } = await openWithOverlay(OAK_URL);
    expect(await overlay.root.getAttribute('data-state')).toBe('expanded');
    const worker = browser.context.serviceWorkers()[0]!;
    // What the background's commands.onCommand listener does with the tab it is given
    // (a key press on browser UI cannot be sent to headless Chromium).
    const pressShortcut = () =>
      worker.evaluate(async () => {
        for (const tab of await chrome.tabs.query({})) {
          if (tab.id !== undefined)
            await chrome.tabs.sendMessage(tab.id, { type: 'toggle-overlay' }).catch(() => {});
        }
      });
    await pressShortcut();
    await page.locator('action-step-coach [data-state="collapsed"]').waitFor();
    await pressShortcut();
    await page.locator('action-step-coach [data-state="expanded"]').waitFor();
    await page.close();
  });

  it('drags by its handle, stays inside the window, and keeps its place after a reload', async () => {
    const { page, overlay } = await openWithOverlay(OAK_URL);
    const handle = overlay.root.getByRole('button', { name: 'Move your action step' });
    const before = (await overlay.root.boundingBox())!;
    const grip = (await handle.boundingBox())!;
    const start = { x: grip.x + grip.width / 2, y: grip.y + grip.height / 2 };

    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x - 300, start.y - 200, { steps: 5 });
    await page.mouse.up();
    const after = (await overlay.root.boundingBox())!;
    expect(Math.round(after.x)).toBe(Math.round(before.x - 300));
    expect(Math.round(after.y)).toBe(Math.round(before.y - 200));

    // Far past the top-left corner: clamped to the viewport.
    await page.mouse.move(start.x - 300, start.y - 200);
    await page.mouse.down();
    await page.mouse.move(-500, -500, { steps: 3 });
    await page.mouse.up();
    const clamped = (await overlay.root.boundingBox())!;
    expect(clamped.x).toBe(0);
    expect(clamped.y).toBe(0);

    // Keyboard alternative on the same handle.
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const nudged = (await overlay.root.boundingBox())!;
    expect(nudged.x).toBe(16);
    expect(nudged.y).toBe(16);
    expect(await axeViolations(page, 'action-step-coach')).toEqual([]);

    await page.reload();
    await overlay.waitForTitle(STEP_TITLE);
    await expectBox(overlay, { x: 16, y: 16 });
    await page.close();
  });
});

/** Waits until the overlay's box reaches `expected` (its remembered position loads after mount). */
async function expectBox(overlay: Overlay, expected: { x: number; y: number }): Promise<void> {
  await overlay.root.page().waitForFunction(({ x, y }) => {
    const aside = document
      .querySelector('action-step-coach')
      ?.shadowRoot?.querySelector('[data-testid="action-step-overlay"]');
    const box = aside?.getBoundingClientRect();
    return box !== undefined && Math.round(box.x) === x && Math.round(box.y) === y;
  }, expected);
}
