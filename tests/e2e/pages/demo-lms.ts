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

  /**
   * Deep linking as the LMS does it: "Add activities" opens the tool's chooser in the window;
   * search, tick modules by title, add; the LMS page comes back listing them.
   */
  async addModules(adder: RegExp, search: string, titles: readonly string[]): Promise<string> {
    await this.page.getByRole('link', { name: adder }).click();
    await this.page.getByRole('heading', { name: 'Add a coaching activity' }).waitFor();
    await this.page.getByRole('searchbox', { name: 'Search modules' }).fill(search);
    await this.page.getByRole('button', { name: 'Search', exact: true }).click();
    for (const title of titles) await this.page.getByRole('checkbox', { name: title }).check();
    await this.page.getByRole('button', { name: 'Add to course' }).click();
    // Back on the course page (the picker has a status of its own: "2 selected").
    await this.page.waitForURL((url) => url.pathname.startsWith('/demo'));
    const note = this.page.getByRole('status');
    await note.waitFor();
    return (await note.textContent()) ?? '';
  }

  /** The gradebook cell for an activity (by title) and a person (by id), as the LMS shows it. */
  async gradebookCell(activityTitle: string, personId: string): Promise<string> {
    await this.page.goto(`${this.baseUrl}/demo/gradebook`);
    const cell = this.page.locator(
      `td[data-activity="${activityTitle.replace(/"/g, '\\"')}"][data-person="${personId}"]`,
    );
    return ((await cell.textContent()) ?? '').trim();
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
