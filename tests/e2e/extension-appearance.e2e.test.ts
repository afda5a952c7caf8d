import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { aStepInput } from '../harness/builders.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { OptionsPage, Overlay } from './pages/extension-pages.ts';

const DOC_URL = 'https://docs.google.com/document/d/1appearance/edit';
const STEP_TITLE = 'Narrate what pupils do well';

let sites: FixtureSites;
let browser: BrowserSession;

beforeAll(async () => {
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
  });
  await OptionsPage.setLocalStep(browser.context, browser.extensionId!, aStepInput({ title: STEP_TITLE }));
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
});

/** The overlay card's background colour and the toggle chevron's transition, as the page renders them. */
async function rendered(overlay: Overlay) {
  return overlay.root.evaluate((element) => {
    const chevron = element.querySelector('.chevron');
    return {
      background: getComputedStyle(element).backgroundColor,
      transition: chevron ? getComputedStyle(chevron).transitionDuration : null,
    };
  });
}

/** Relative luminance of an `rgb(r, g, b)` colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => Number(part) / 255);
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
}

describe("the overlay follows the teacher's appearance settings", () => {
  it('is light by default and dark in dark mode, with no contrast problems in either', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(DOC_URL);
    const overlay = new Overlay(page);
    await overlay.waitForTitle(STEP_TITLE);
    expect(luminance((await rendered(overlay)).background)).toBeGreaterThan(0.8);
    expect(await axeViolations(page, 'action-step-coach')).toEqual([]);

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => luminance((await rendered(overlay)).background)).toBeLessThan(0.1);
    expect(await axeViolations(page, 'action-step-coach')).toEqual([]);
    await page.close();
  });

  it('drops its animation when the teacher asks for reduced motion', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto(DOC_URL);
    const overlay = new Overlay(page);
    await overlay.waitForTitle(STEP_TITLE);
    expect((await rendered(overlay)).transition).not.toBe('0s');

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expect.poll(async () => (await rendered(overlay)).transition).toBe('0s');
    await page.close();
  });

  it('on a phone (360 × 740) the open card is a bottom sheet covering at most 45 % of the page', async () => {
    // A long step (a starter module's: four criteria of a sentence each), which at the desktop
    // card's width covered about half of a phone's screen.
    const long = loadStarterModules().find((module) => module.id === 'starter-calm-entry-routine')!;
    await OptionsPage.setLocalStep(
      browser.context,
      browser.extensionId!,
      aStepInput({
        title: long.actionStep.title,
        what: long.actionStep.what,
        successCriteria: [...long.actionStep.successCriteria],
        whenToPractise: long.actionStep.whenToPractise,
      }),
    );
    const viewport = { width: 360, height: 740 };
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(DOC_URL);
    const overlay = new Overlay(page);
    await overlay.waitForTitle(long.actionStep.title);
    expect(await overlay.root.getAttribute('data-state')).toBe('expanded');

    const box = (await overlay.root.boundingBox())!;
    expect((box.width * box.height) / (viewport.width * viewport.height)).toBeLessThanOrEqual(0.45);
    // On screen, along the bottom edge.
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(box.y + box.height).toBeGreaterThan(viewport.height - 24);

    // Nothing is cut off: the card scrolls inside the sheet, and takes focus so keys scroll it too.
    const panel = overlay.root.locator('.panel');
    const scroll = await panel.evaluate((element) => ({
      scrolls: element.scrollHeight > element.clientHeight,
      tabIndex: element.tabIndex,
    }));
    expect(scroll).toEqual({ scrolls: true, tabIndex: 0 });
    await panel.focus();
    await page.keyboard.press('End');
    await expect.poll(() => panel.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    await overlay.root.getByText(long.actionStep.whenToPractise).waitFor();
    expect(await axeViolations(page, 'action-step-coach')).toEqual([]);

    // The same card in a desktop window is the corner card again, with room for all of it.
    await page.setViewportSize({ width: 1280, height: 1000 });
    await expect.poll(async () => (await overlay.root.boundingBox())!.width).toBeLessThanOrEqual(342);
    await expect.poll(() => panel.getAttribute('tabindex')).toBeNull();
    await page.close();
  });
});
