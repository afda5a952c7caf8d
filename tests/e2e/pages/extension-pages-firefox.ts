import type { Page } from 'puppeteer-core';
import type { Browser } from 'wxt/browser';
import type { ActionStepInput } from '../../../shared/domain/coaching/action-step.ts';
import type { FirefoxSession } from '../harness/firefox.ts';
import { fillLocalStepForm } from './step-form.ts';

// extension-pages.ts for Firefox, driven by puppeteer-core over WebDriver BiDi.

// The extension's own APIs, inside its pages (page.evaluate on moz-extension://).
declare const browser: typeof Browser;

/** Waits until the element matching `selector` shows `text` (it may re-render while it loads). */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    (sel, expected) => document.querySelector(sel)?.textContent?.includes(expected) === true,
    {},
    selector,
    text,
  );
}

export class FirefoxOptionsPage {
  constructor(readonly page: Page) {}

  static async open(session: FirefoxSession): Promise<FirefoxOptionsPage> {
    const page = await session.openExtensionPage('options.html');
    await page.waitForSelector('[name="title"]');
    return new FirefoxOptionsPage(page);
  }

  /** Connects to the coaching server with a pairing code; the "Connected as …" text. */
  async pair(serverUrl: string, code: string): Promise<string> {
    await this.page.bringToFront();
    // The pairing link's field is the default; the address and code are one click away.
    await this.page.locator('button::-p-text(Enter the address and code instead)').click();
    await this.page.locator('[name="serverUrl"]').fill(serverUrl);
    await this.page.locator('[name="code"]').fill(code);
    await this.page.locator('form:has([name="code"]) button[type="submit"]').click();
    const pairedAs = await this.page.waitForSelector('[data-testid="paired-as"]');
    return pairedAs!.evaluate((element) => element.textContent ?? '');
  }

  async saveLocalStep(step: ActionStepInput): Promise<void> {
    await fillLocalStepForm(this.page, step);
    await this.page.locator('form:has([name="title"]) button[type="submit"]').click();
    await waitForText(this.page, 'form:has([name="title"]) [role="status"]', 'Saved.');
  }

  /** Adds a weekly reminder; `day` is the select's value (0 Sunday … 6 Saturday), `time` HH:MM. */
  async addReminder(day: number, time: string, expected: string): Promise<void> {
    await this.page.bringToFront();
    await this.page.select('[name="reminder-day"]', String(day));
    await this.page.locator('[name="reminder-time"]').fill(time);
    await this.page.locator('form:has([name="reminder-day"]) button[type="submit"]').click();
    await waitForText(this.page, 'section[aria-labelledby="reminders-heading"] [role="status"]', expected);
  }

  /** Types the site and presses "Add site" (a real click: permissions.request needs the gesture). */
  async addSite(host: string): Promise<void> {
    await this.page.bringToFront();
    await this.page.locator('[name="site"]').fill(host);
    await this.page.locator('form:has([name="site"]) button[type="submit"]').click();
    await waitForText(this.page, '[data-testid="sites-status"]', `Added ${host}.`);
  }

  async removeSite(host: string): Promise<void> {
    // Background tabs run requestAnimationFrame (puppeteer's default polling) about once a second.
    await this.page.bringToFront();
    await this.page.locator(`button[aria-label="Remove ${host}"]`).click();
    await waitForText(this.page, '[data-testid="sites-status"]', `Removed ${host}.`);
  }

  /** The ids of the content scripts the background registered for added sites. */
  addedSiteScripts(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const scripts = await browser.scripting.getRegisteredContentScripts();
      return scripts.map((script) => script.id).filter((id) => id.startsWith('added-site:'));
    });
  }

  /** What a user does in Firefox's add-ons manager: takes the extension's access to these hosts away. */
  async withholdHostPermission(...origins: string[]): Promise<void> {
    const removed = await this.page.evaluate(
      (patterns) => browser.permissions.remove({ origins: patterns }),
      origins,
    );
    if (!removed) throw new Error(`Firefox kept the permission for ${origins.join(', ')}`);
  }

  /** Presses "Allow" beside a default site (a real click: permissions.request needs the gesture). */
  async allowSite(name: string): Promise<void> {
    await this.page.bringToFront();
    const allow = await this.page.waitForSelector(`button[aria-label="Allow on ${name}"]`);
    await allow!.click();
    await waitForText(this.page, '[data-testid="sites-status"]', `Allowed on ${name}.`);
  }

  /** What the page says of each default site now (its row's `data-access`); poll it, it follows changes. */
  siteAccess(): Promise<Record<string, string | null>> {
    return this.page.evaluate(() => {
      const shown: Record<string, string | null> = {};
      for (const row of document.querySelectorAll('[data-testid^="site-"][data-access]')) {
        shown[row.getAttribute('data-testid')!.slice('site-'.length)] = row.getAttribute('data-access');
      }
      return shown;
    });
  }

  hasHostPermission(...origins: string[]): Promise<boolean> {
    return this.page.evaluate((patterns) => browser.permissions.contains({ origins: patterns }), origins);
  }

  /**
   * Waits until Firefox has suspended the extension's background (an MV3 event page, stopped
   * after `extensions.background.idle.timeout` without events).
   */
  async waitForBackgroundSuspended(): Promise<void> {
    await this.page.bringToFront();
    await this.page.waitForFunction(
      async () => (await browser.runtime.getContexts({ contextTypes: ['BACKGROUND'] })).length === 0,
      { polling: 100 },
    );
  }
}

/** What the overlay (open shadow root of `action-step-coach`) shows once its step has loaded. */
export interface OverlayContent {
  title: string;
  text: string;
}

/** Waits for the overlay on `page` to show `title`, then reads it. */
export async function waitForOverlay(page: Page, title: string): Promise<OverlayContent> {
  const handle = await page.waitForFunction(
    (expected) => {
      const overlay = document
        .querySelector('action-step-coach')
        ?.shadowRoot?.querySelector('[data-testid="action-step-overlay"]');
      const heading = overlay?.querySelector('h3')?.textContent?.trim();
      return heading === expected ? { title: heading, text: overlay!.textContent ?? '' } : null;
    },
    {},
    title,
  );
  const content = (await handle.jsonValue()) as OverlayContent;
  await handle.dispose();
  return content;
}

/** How many overlay host elements the page has. */
export function overlayHostCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('action-step-coach').length);
}
