import { expect } from 'vitest';
import type { Frame } from 'playwright-core';
import type { ActionStepInput } from '../../../shared/domain/coaching/action-step.ts';

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

  /** Opens the oldest waiting round, fills feedback from the template, sends it; returns the form's name. */
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
    if (options.keyboard) {
      await press(form.getByRole('button', { name: 'Use template' }), 'Enter');
      await press(form.getByRole('textbox', { name: 'One next step' }), 'Control+Enter');
    } else {
      await form.getByRole('button', { name: 'Use template' }).click();
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
