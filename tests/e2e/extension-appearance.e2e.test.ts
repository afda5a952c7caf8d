import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
