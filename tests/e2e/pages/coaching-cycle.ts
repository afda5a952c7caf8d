import type { Frame, Locator } from 'playwright-core';

/**
 * The coach's "This week" tab inside the LMS frame, driven as a person on a phone would: every
 * tap, choice and typed field is counted, so the e2e can report what a log costs the coach.
 */
export class CoachWeek {
  taps = 0;
  fields = 0;
  characters = 0;

  constructor(readonly frame: Frame) {}

  get interactions(): number {
    return this.taps + this.fields;
  }

  resetCount(): void {
    this.taps = 0;
    this.fields = 0;
    this.characters = 0;
  }

  async tap(target: Locator): Promise<void> {
    this.taps += 1;
    await target.click();
  }

  async type(target: Locator, text: string): Promise<void> {
    this.fields += 1;
    this.characters += text.length;
    await target.fill(text);
  }

  async choose(target: Locator, value: string): Promise<void> {
    this.fields += 1;
    await target.selectOption(value);
  }

  teacherCard(name: string): Locator {
    return this.frame
      .getByRole('listitem')
      .filter({ has: this.frame.getByRole('heading', { name, exact: true }) });
  }

  form(name: RegExp): Locator {
    return this.frame.getByRole('form', { name });
  }

  async waitForMessage(text: RegExp): Promise<void> {
    await this.frame.getByRole('status').filter({ hasText: text }).first().waitFor();
  }

  /**
   * Moves focus with the Tab key (as a keyboard user does) until the focused element's accessible
   * name or label text matches `name`; fails after `limit` presses.
   */
  async tabTo(name: RegExp, limit = 60): Promise<void> {
    for (let press = 0; press < limit; press += 1) {
      await this.frame.page().keyboard.press('Tab');
      const focused = await this.frame.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element) return '';
        const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
        return element.getAttribute('aria-label') ?? label ?? element.textContent ?? '';
      });
      if (name.test(focused.trim())) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }
}
