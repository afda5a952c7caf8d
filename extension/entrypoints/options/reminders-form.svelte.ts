import * as v from 'valibot';
import { readReminders, writeReminders } from '../../services/reminders/reminder-settings.ts';
import {
  describeSlot,
  MAX_REMINDER_SLOTS,
  ReminderSlotSchema,
  type ReminderSlot,
} from '../../services/reminders/schedule.ts';
import { reportError } from '../../errors.ts';
import type { RemindersSetting } from '../../storage.ts';
import { remindersItem } from '../../storage.ts';

/**
 * Weekly reminders in the settings: a few day-and-time slots and an on/off switch. Writing the
 * setting is enough: the background watches it and re-arms the alarms.
 */
export class RemindersFormState {
  day = $state(2);
  time = $state('10:40');
  #setting = $state<RemindersSetting>({ enabled: true, slots: [] });
  #error = $state<string | null>(null);
  #status = $state('');
  readonly #newId: () => string;

  constructor(newId: () => string = () => crypto.randomUUID()) {
    this.#newId = newId;
  }

  get enabled(): boolean {
    return this.#setting.enabled;
  }
  get slots(): ReminderSlot[] {
    return this.#setting.slots;
  }
  get full(): boolean {
    return this.#setting.slots.length >= MAX_REMINDER_SLOTS;
  }
  get error(): string | null {
    return this.#error;
  }
  get status(): string {
    return this.#status;
  }

  connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    const unwatch = remindersItem.watch(() => void this.#load());
    signal.addEventListener('abort', unwatch, { once: true });
    void this.#load();
  }

  async #load(): Promise<void> {
    this.#setting = await readReminders();
  }

  async #save(setting: RemindersSetting, status: string): Promise<void> {
    try {
      await writeReminders(setting);
      this.#setting = setting;
      this.#error = null;
      this.#status = status;
    } catch (error) {
      reportError('reminders', error);
      this.#error = 'Could not save your reminders. Try again.';
    }
  }

  async add(): Promise<void> {
    this.#status = '';
    const parsed = v.safeParse(ReminderSlotSchema, {
      id: this.#newId(),
      day: Number(this.day),
      time: this.time,
    });
    if (!parsed.success) {
      this.#error = 'Choose a day and a time, like 10:40.';
      return;
    }
    const slot = parsed.output;
    if (this.full) {
      this.#error = `You can have up to ${MAX_REMINDER_SLOTS} reminders. Remove one first.`;
      return;
    }
    if (this.slots.some((other) => other.day === slot.day && other.time === slot.time)) {
      this.#error = `You already have a reminder on ${describeSlot(slot)}.`;
      return;
    }
    await this.#save({ ...this.#setting, slots: [...this.slots, slot] }, `Added: ${describeSlot(slot)}.`);
  }

  async remove(id: string): Promise<void> {
    const slot = this.slots.find((candidate) => candidate.id === id);
    if (!slot) return;
    await this.#save(
      { ...this.#setting, slots: this.slots.filter((candidate) => candidate.id !== id) },
      `Removed: ${describeSlot(slot)}.`,
    );
  }

  async setEnabled(enabled: boolean): Promise<void> {
    await this.#save({ ...this.#setting, enabled }, enabled ? 'Reminders are on.' : 'Reminders are off.');
  }
}
