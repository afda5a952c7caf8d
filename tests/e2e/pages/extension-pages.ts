import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { ActionStepInput } from '../../../shared/domain/coaching/action-step.ts';
import { fillLocalStepForm } from './step-form.ts';

export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<OptionsPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    return new OptionsPage(page);
  }

  /** Sets a local (unpaired) step from a fresh options page, waits until it is saved, and closes it. */
  static async setLocalStep(
    context: BrowserContext,
    extensionId: string,
    step: ActionStepInput,
  ): Promise<void> {
    const options = await OptionsPage.open(context, extensionId);
    await options.saveLocalStep(step);
    await options.page.getByRole('heading', { name: step.title }).waitFor();
    await options.page.close();
  }

  /** Connects with the address and code typed in (the pairing link's field is the default). */
  async pair(serverUrl: string, code: string): Promise<string> {
    await this.page.getByRole('button', { name: 'Enter the address and code instead' }).click();
    await this.page.locator('[name="serverUrl"]').fill(serverUrl);
    await this.page.locator('[name="code"]').fill(code);
    await this.page.getByRole('button', { name: 'Connect' }).click();
    const pairedAs = this.page.getByTestId('paired-as');
    await pairedAs.waitFor();
    return (await pairedAs.textContent()) ?? '';
  }

  async saveLocalStep(step: ActionStepInput): Promise<void> {
    await fillLocalStepForm(this.page, step);
    await this.page.getByRole('button', { name: 'Save' }).click();
  }
}

export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    return new PopupPage(page);
  }

  /** Presses "Sync now" and waits until the status says `expected`. */
  async syncNow(expected: RegExp): Promise<void> {
    await this.page.getByRole('button', { name: 'Sync now' }).click();
    await this.page.getByTestId('sync-status').filter({ hasText: expected }).waitFor();
  }
}

/** The overlay the content script mounts on a lesson-planning page (open shadow root). */
export class Overlay {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.locator('action-step-coach').getByTestId('action-step-overlay');
  }

  title(): Locator {
    return this.root.locator('h3');
  }

  async waitForTitle(text: string): Promise<void> {
    await this.title().filter({ hasText: text }).waitFor();
  }
}
