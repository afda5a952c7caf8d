import type { Page } from 'puppeteer-core';
import { axeViolationsInFirefox } from './firefox.ts';
import type { Capture } from './screenshot-capture.ts';

/**
 * screenshot-capture.ts's page capture for Firefox (puppeteer-core over WebDriver BiDi): the whole
 * page or what the viewport shows, at a variant's size. The colour scheme is the session's
 * (launchFirefox's `colorScheme`); settling checks that the page sees the variant's.
 */
export function firefoxPageCapture(
  page: Page,
  options: { shot: 'full page' | 'viewport'; axeInclude?: string },
): Capture {
  return {
    async settle(variant) {
      // Background tabs paint about once a second: the page being shot is in front.
      await page.bringToFront();
      const size = page.viewport();
      if (size?.width !== variant.width || size.height !== variant.height) {
        await page.setViewport({ width: variant.width, height: variant.height });
      }
      const scheme = await page.evaluate(() =>
        matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
      );
      if (scheme !== variant.scheme) {
        throw new Error(
          `This Firefox session renders ${scheme}, not ${variant.scheme}: launch one per scheme (launchFirefox's colorScheme).`,
        );
      }
      await page.mouse.move(0, 0);
      // No "Loading…" left, the fonts in, and two frames painted since the resize.
      await page.waitForFunction(
        () =>
          ![...document.querySelectorAll('body *')].some(
            (element) =>
              element.children.length === 0 && /^Loading\b.*…$/.test(element.textContent?.trim() ?? ''),
          ),
        { polling: 100, timeout: 15_000 },
      );
      await page.evaluate(async () => {
        await document.fonts.ready;
        await new Promise<void>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
        );
      });
    },
    async shoot() {
      const png = await page.screenshot({ type: 'png', fullPage: options.shot === 'full page' });
      return Buffer.from(png);
    },
    axe: () => axeViolationsInFirefox(page, options.axeInclude),
  };
}
