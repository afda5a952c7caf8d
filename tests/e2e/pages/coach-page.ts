import { expect } from 'vitest';
import type { Frame } from 'playwright-core';
import type { ActionStepInput } from '../../../shared/domain/coaching/action-step.ts';

/** What the coach writes where a feedback template left a gap. */
const OWN_WORDS = 'every pupil heard their name before the timer';

/** The coach's page inside the LMS frame. */
export class CoachPage {
  constructor(readonly frame: Frame) {}

  async openTab(name: 'Review queue' | 'Action steps' | 'History'): Promise<void> {
    await this.frame.getByRole('tab', { name, exact: true }).click();
  }

  async chooseTeacher(name: string): Promise<void> {
    await this.openTab('Action steps');
    await this.frame.getByRole('radio', { name, exact: true }).click();
  }

  /** Fills the step form from a module (the coach may still edit it) and saves it. */
  async setStepFromModule(moduleId: string): Promise<void> {
    await this.frame.getByRole('button', { name: 'Set from a module' }).click();
    await this.frame.getByRole('combobox', { name: 'Module', exact: true }).selectOption({ value: moduleId });
    await this.frame.getByRole('button', { name: 'Fill the form from this module' }).click();
    await this.frame.getByRole('button', { name: 'Save action step' }).click();
    await this.frame.getByText(/will see it in their browser extension/).waitFor();
  }

  /**
   * Opens the oldest waiting round, fills feedback from the template, is refused while a gap of the
   * template remains, writes its own words in each gap, and sends it.
   */
  async reviewOldest(
    trainee: string,
    moduleTitle: string,
    roundNumber: number,
    /** keyboard: every step by keys (Enter on the item and the template, Ctrl+Enter to send). */
    options: { withRecording?: boolean; keyboard?: boolean } = {},
  ): Promise<void> {
    await this.openTab('Review queue');
    const item = this.frame.getByRole('button', { name: `${trainee}, ${moduleTitle}, round ${roundNumber}` });
    const press = async (target: ReturnType<Frame['getByRole']>, keys: string) => {
      await target.focus();
      await target.press(keys);
    };
    if (options.keyboard) await press(item, 'Enter');
    else await item.click();
    if (options.withRecording) {
      // Fetched with the coach's token and played from a blob: the trainee's real upload.
      const audio = this.frame.getByLabel(`${trainee}’s recording, round ${roundNumber}`);
      await audio.waitFor();
      expect(await audio.getAttribute('src')).toMatch(/^blob:/);
    }
    const form = this.frame.getByRole('form', { name: `Feedback for ${trainee}, round ${roundNumber}` });
    const keyboard = this.frame.page().keyboard;
    if (options.keyboard) {
      await press(form.getByRole('button', { name: 'Use template' }), 'Enter');
      // The template's gaps cannot be sent: Ctrl+Enter is refused and selects the first gap left,
      // so typing replaces it; once none is left, Ctrl+Enter sends.
      const next = () =>
        this.frame.evaluate(() => {
          const field = document.activeElement as HTMLTextAreaElement | null;
          if (!field?.closest('form')) return 'sent';
          const selected = field.value.slice(field.selectionStart, field.selectionEnd);
          return /^\[[^\]]+\]$/.test(selected) ? selected : '';
        });
      let gaps = 0;
      for (;;) {
        await press(form.getByRole('textbox', { name: 'One next step' }), 'Control+Enter');
        await expect.poll(next).not.toBe('');
        if ((await next()) === 'sent') break;
        gaps += 1;
        expect(gaps, 'more gaps than a template leaves').toBeLessThanOrEqual(6);
        await keyboard.type(OWN_WORDS);
      }
      expect(gaps, 'Ctrl+Enter sent a template with its gaps').toBeGreaterThan(0);
    } else {
      await form.getByRole('button', { name: 'Use template' }).click();
      await form.getByRole('button', { name: 'Send feedback' }).click();
      await form
        .getByText(/Praise: replace \[what you saw\] with your own words/)
        .first()
        .waitFor();
      for (const name of ['Precise praise', 'One next step']) {
        const field = form.getByRole('textbox', { name });
        const value = (await field.inputValue()).replace(/\[[^\]]+\]/g, OWN_WORDS);
        await field.fill(value);
      }
      await form.getByRole('button', { name: 'Send feedback' }).click();
    }
    await item.waitFor({ state: 'detached' });
  }

  async setActionStep(step: ActionStepInput): Promise<void> {
    const form = this.frame;
    await form.locator('[name="goal"]').fill(step.goal);
    await form.locator('[name="title"]').fill(step.title);
    await form.locator('[name="what"]').fill(step.what ?? '');
    await form.locator('[name="successCriteria"]').fill(step.successCriteria.join('\n'));
    await form.locator('[name="whenToPractise"]').fill(step.whenToPractise);
    await form.locator('[name="why"]').fill(step.why ?? '');
    await form.getByRole('button', { name: 'Save action step' }).click();
    await form.getByText(/will see it in their browser extension/).waitFor();
  }
}
