import type { Frame, Page } from 'playwright-core';

/** The built-in demo LMS: launches the tool into its iframe through the real LTI flow. */
export class DemoLms {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** `platformStorage: false` gives Moodle-like launches (state cookie only); the default is Canvas-like. */
  async open(options: { platformStorage?: boolean } = {}): Promise<void> {
    await this.page.goto(
      `${this.baseUrl}/demo${options.platformStorage === false ? '?platform_storage=off' : ''}`,
    );
  }

  /** Clicks a launch button and returns the tool's frame once its page has rendered. */
  async launch(label: RegExp, ready: string): Promise<Frame> {
    await this.page.getByRole('link', { name: label }).click();
    const frame = this.page.frameLocator('iframe[name="lms-frame"]');
    await frame.locator(ready).first().waitFor();
    const handle = this.page.frames().find((f) => f.name() === 'lms-frame');
    if (!handle) throw new Error('the LMS frame is missing');
    return handle;
  }
}
