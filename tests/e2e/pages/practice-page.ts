import type { Frame } from 'playwright-core';

/** The trainee's practice page for one embedded module, inside the LMS frame. */
export class PracticePage {
  constructor(readonly frame: Frame) {}

  script() {
    return this.frame.getByRole('textbox', { name: 'Your script' });
  }

  /** Records from Chromium's fake microphone until the recorder reports a finished recording. */
  async record(): Promise<string> {
    await this.frame.getByRole('button', { name: /^Record/ }).click();
    await this.frame.getByText(/^Recording…/).waitFor();
    await this.frame.getByRole('button', { name: 'Stop recording' }).click();
    const ready = this.frame.getByText(/^Recording ready/);
    await ready.waitFor();
    return (await ready.textContent()) ?? '';
  }

  /** Judges each success criterion, in order, as the trainee sees it. */
  async selfAssess(
    judgements: readonly ('Secure' | 'Not yet')[],
    criteria: readonly string[],
  ): Promise<void> {
    for (const [index, criterion] of criteria.entries()) {
      await this.frame
        .getByRole('group', { name: criterion, exact: true })
        .getByRole('radio', { name: judgements[index]!, exact: true })
        .check();
    }
  }

  async judgementOf(criterion: string, judgement: 'Secure' | 'Not yet'): Promise<boolean> {
    return this.frame
      .getByRole('group', { name: criterion, exact: true })
      .getByRole('radio', { name: judgement, exact: true })
      .isChecked();
  }

  /** Waits until every edit so far is in IndexedDB (the status line's `data-pending`). */
  async waitForDraftSaved(): Promise<void> {
    await this.frame
      .locator('.draft-status[data-pending="false"]')
      .getByText(/^Draft saved/)
      .waitFor();
  }

  /** Sends the round; the confirmation appears beside the button and the next round's draft starts. */
  async submit(roundNumber: number): Promise<void> {
    await this.frame.getByRole('button', { name: 'Submit round' }).click();
    await this.frame.getByText(`Round ${roundNumber} sent to your coach.`, { exact: false }).waitFor();
    await this.frame.getByRole('heading', { name: `Round ${roundNumber + 1}`, exact: true }).waitFor();
  }

  /** Opens one part of the page by its tab. */
  async openTab(name: 'Practise' | 'The module' | 'Your rounds' | 'Check in and reflect'): Promise<void> {
    await this.frame.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  }

  /** A submitted round in the timeline (on the "Your rounds" tab). */
  round(roundNumber: number) {
    return this.frame.getByRole('article', { name: new RegExp(`^Round ${roundNumber}\\b`) });
  }
}
