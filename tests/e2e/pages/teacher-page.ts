import type { Frame } from 'playwright-core';

export class TeacherPage {
  constructor(readonly frame: Frame) {}

  async pairingCode(): Promise<string> {
    await this.frame.getByRole('button', { name: 'Show pairing code' }).click();
    const code = this.frame.getByTestId('pairing-code');
    await code.waitFor();
    return (await code.textContent())?.trim() ?? '';
  }
}
