import { readReminderDue } from '../../services/reminders/reminder-settings.ts';
import { snoozeReminder, stopReminders } from '../../services/reminders/reminder-service.ts';
import { reportError } from '../../errors.ts';
import { reminderDueItem } from '../../storage.ts';

/**
 * A reminder that fired and is waiting for an answer. Firefox notifications have no buttons, so
 * the popup offers "Snooze 10 minutes" and "Stop these reminders" while one is due (everywhere).
 */
export class ReminderDueState {
  #due = $state<string | null>(null);

  get due(): boolean {
    return this.#due !== null;
  }

  connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    const unwatch = reminderDueItem.watch(() => void this.#load());
    signal.addEventListener('abort', unwatch, { once: true });
    void this.#load();
  }

  async #load(): Promise<void> {
    this.#due = await readReminderDue();
  }

  async snooze(): Promise<void> {
    await this.#act(snoozeReminder);
  }

  async stop(): Promise<void> {
    await this.#act(stopReminders);
  }

  async #act(task: () => Promise<void>): Promise<void> {
    try {
      await task();
      this.#due = null;
    } catch (error) {
      reportError('reminder', error);
    }
  }
}
