import * as v from 'valibot';
import { reminderDueItem, remindersItem, type RemindersSetting } from '../../storage.ts';
import { ReminderSlotsSchema } from './schedule.ts';

export const RemindersSettingSchema = v.object({ enabled: v.boolean(), slots: ReminderSlotsSchema });

const OFF: RemindersSetting = { enabled: false, slots: [] };

/** The stored reminders, validated: anything unreadable (another version, a hand edit) means none. */
export async function readReminders(): Promise<RemindersSetting> {
  const parsed = v.safeParse(RemindersSettingSchema, await remindersItem.getValue());
  return parsed.success ? parsed.output : OFF;
}

export async function writeReminders(setting: RemindersSetting): Promise<void> {
  await remindersItem.setValue(v.parse(RemindersSettingSchema, setting));
}

/** When the last reminder fired and is still waiting for an answer; null once answered. */
export async function readReminderDue(): Promise<string | null> {
  const value = await reminderDueItem.getValue();
  return typeof value === 'string' ? value : null;
}
