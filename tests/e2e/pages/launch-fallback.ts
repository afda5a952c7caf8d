import type { Frame, Page } from 'playwright-core';

/** The tool's "Your browser blocked this launch inside the course page" page, in the LMS frame. */
export class LaunchFallback {
  constructor(readonly frame: Frame) {}

  /** The reference code shown for support, e.g. `state-cookie-missing`. */
  async reference(): Promise<string> {
    const code = this.frame.locator('.reference code').filter({ visible: true });
    return (await code.textContent())?.trim() ?? '';
  }

  /** Follows "Open in a new window" and returns the new window. */
  async openInNewWindow(): Promise<Page> {
    const page = this.frame.page();
    const [popup] = await Promise.all([
      page.context().waitForEvent('page'),
      this.frame.getByRole('link', { name: 'Open in a new window' }).click(),
    ]);
    return popup;
  }
}
