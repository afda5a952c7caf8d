import type { Frame } from 'playwright-core';
import type { ActionStepInput } from '../../../shared/domain/coaching/action-step.ts';

/** The coach's page inside the LMS frame. */
export class CoachPage {
  constructor(readonly frame: Frame) {}

  async chooseTeacher(name: string): Promise<void> {
    await this.frame
      .getByRole('button', { name })
      .or(this.frame.getByRole('radio', { name }))
      .first()
      .click();
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
