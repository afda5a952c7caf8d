import * as v from 'valibot';
import type { ReminderSlot } from '../../storage.ts';

export type { ReminderSlot };

/** At most this many weekly reminders: a cue, not a timetable. */
export const MAX_REMINDER_SLOTS = 5;

/** Sunday first, as `Date#getDay()` counts. */
export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** One weekly reminder: a day of the week and a local time, e.g. Tuesdays 10:40. */
export const ReminderSlotSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Reminder id is not valid')),
  day: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6, 'Choose a day of the week')),
  time: v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Time must look like 10:40')),
}) satisfies v.GenericSchema<unknown, ReminderSlot>;

export const ReminderSlotsSchema = v.pipe(
  v.array(ReminderSlotSchema),
  v.maxLength(MAX_REMINDER_SLOTS, `At most ${MAX_REMINDER_SLOTS} reminders`),
);

function hoursAndMinutes(time: string): [number, number] {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return [hours, minutes];
}

/**
 * When `slot` next comes round after `now`, in the browser's local time. Built from local
 * fields (year, month, date + n, hours, minutes), so a week across a clock change still lands
 * on 10:40 wall-clock time; a time inside a spring-forward gap moves on to the first valid one.
 */
export function nextFireTime(slot: ReminderSlot, now: Date): Date {
  const [hours, minutes] = hoursAndMinutes(slot.time);
  const ahead = (slot.day - now.getDay() + 7) % 7;
  for (const days of [ahead, ahead + 7]) {
    const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, hours, minutes, 0, 0);
    if (at.getTime() > now.getTime()) return at;
  }
  // Unreachable: a week later is always later. Kept total for the type checker.
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead + 14, hours, minutes);
}

/** The soonest of `slots` after `now`, or null when there are none. */
export function nextReminder(
  slots: readonly ReminderSlot[],
  now: Date,
): { slot: ReminderSlot; at: Date } | null {
  let soonest: { slot: ReminderSlot; at: Date } | null = null;
  for (const slot of slots) {
    const at = nextFireTime(slot, now);
    if (!soonest || at.getTime() < soonest.at.getTime()) soonest = { slot, at };
  }
  return soonest;
}

/** "Tuesdays 10:40", for lists and screen readers. */
export function describeSlot(slot: Pick<ReminderSlot, 'day' | 'time'>): string {
  return `${WEEKDAYS[slot.day] ?? 'Unknown day'}s ${slot.time}`;
}
