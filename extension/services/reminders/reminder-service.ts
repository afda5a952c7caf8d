import { browser } from 'wxt/browser';
import type { Clock } from '../../../shared/data/ports.ts';
import { systemClock } from '../../../shared/data/ports.ts';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import { reportError } from '../../errors.ts';
import { reminderDueItem, remindersItem } from '../../storage.ts';
import { REMINDER_ICON_URL } from './reminder-icon.ts';
import { readReminders, writeReminders } from './reminder-settings.ts';
import { nextFireTime, type ReminderSlot } from './schedule.ts';

/** One alarm per weekly slot: `reminder:<slot id>`, due at the slot's next time. */
export const REMINDER_ALARM_PREFIX = 'reminder:';
export const SNOOZE_ALARM = 'reminder-snooze';
export const REMINDER_NOTIFICATION = 'practice-reminder';
export const SNOOZE_MINUTES = 10;

export const SNOOZE_LABEL = `Snooze ${SNOOZE_MINUTES} minutes`;
export const STOP_LABEL = 'Stop these reminders';

export interface ReminderServiceDeps {
  /** The step to remind about; null when there is none yet. */
  currentStep(): Promise<ActionStep | null>;
  /** Opens the fuller card (the side panel, or a tab when it cannot open). */
  openCard(): Promise<void>;
  /** Chrome and Edge show notification buttons; Firefox has none (the popup offers them instead). */
  buttons: boolean;
  clock?: Clock;
}

export interface ReminderService {
  /** Makes the alarms match the stored slots: one per slot, due at its next time; none when stopped. */
  rearm(): Promise<void>;
  /** Handles any alarm: ignores those that are not reminders. */
  onAlarm(alarm: { name: string; scheduledTime: number }): Promise<void>;
  snooze(): Promise<void>;
  stop(): Promise<void>;
  /** The teacher clicked the notification itself. */
  open(): Promise<void>;
}

const slotAlarm = (slot: Pick<ReminderSlot, 'id'>) => `${REMINDER_ALARM_PREFIX}${slot.id}`;

async function reminderAlarms() {
  return (await browser.alarms.getAll()).filter((alarm) => alarm.name.startsWith(REMINDER_ALARM_PREFIX));
}

async function dismiss(): Promise<void> {
  await Promise.all([browser.notifications.clear(REMINDER_NOTIFICATION), reminderDueItem.setValue(null)]);
}

/**
 * "Snooze 10 minutes": from the notification's button in Chrome, from the popup in Firefox (its
 * notifications have no buttons). Alarms and storage work the same from any extension page.
 */
export async function snoozeReminder(clock: Clock = systemClock): Promise<void> {
  await browser.alarms.create(SNOOZE_ALARM, { when: clock.now().getTime() + SNOOZE_MINUTES * 60_000 });
  await dismiss();
}

/** "Stop these reminders": off until turned on again in the settings; the slots are kept. */
export async function stopReminders(): Promise<void> {
  const setting = await readReminders();
  await writeReminders({ ...setting, enabled: false });
  await Promise.all([
    ...(await reminderAlarms()).map((alarm) => browser.alarms.clear(alarm.name)),
    browser.alarms.clear(SNOOZE_ALARM),
  ]);
  await dismiss();
}

/**
 * Weekly cues at the moment of practice. Alarms fire offline and survive restarts only as long
 * as the browser keeps them, so `rearm` runs at startup, at install and whenever the slots change.
 */
export function createReminderService(deps: ReminderServiceDeps): ReminderService {
  const clock = deps.clock ?? systemClock;

  async function arm(slot: ReminderSlot, after: Date): Promise<void> {
    await browser.alarms.create(slotAlarm(slot), { when: nextFireTime(slot, after).getTime() });
  }

  async function notify(): Promise<void> {
    const step = await deps.currentStep();
    await browser.notifications.create(REMINDER_NOTIFICATION, {
      type: 'basic',
      iconUrl: REMINDER_ICON_URL,
      title: step ? step.title : 'Time for your action step',
      message: step
        ? `When to practise: ${step.whenToPractise}`
        : 'You have no action step yet. Open the extension to add one.',
      ...(deps.buttons ? { buttons: [{ title: SNOOZE_LABEL }, { title: STOP_LABEL }] } : {}),
    });
    await reminderDueItem.setValue(clock.now().toISOString());
  }

  async function rearm(): Promise<void> {
    const { enabled, slots } = await readReminders();
    const wanted = new Map(enabled ? slots.map((slot) => [slotAlarm(slot), slot] as const) : []);
    const existing = await reminderAlarms();
    const now = clock.now();
    await Promise.all(
      existing
        .filter((alarm) => {
          const slot = wanted.get(alarm.name);
          if (!slot) return true;
          // Keep one that is due and about to fire (a browser starting after a missed reminder
          // fires it now), and one that is already right; re-arm any other (e.g. a new time zone).
          const due = alarm.scheduledTime <= now.getTime();
          return !due && alarm.scheduledTime !== nextFireTime(slot, now).getTime();
        })
        .map((alarm) => browser.alarms.clear(alarm.name)),
    );
    if (wanted.size === 0) {
      // No reminders any more (stopped, every slot removed, or "Delete everything"): nothing may
      // come back later either, so a pending snooze and a shown notification go too.
      await Promise.all([browser.alarms.clear(SNOOZE_ALARM), dismiss()]);
      return;
    }
    const kept = new Set((await reminderAlarms()).map((alarm) => alarm.name));
    await Promise.all([...wanted].filter(([name]) => !kept.has(name)).map(([, slot]) => arm(slot, now)));
  }

  return {
    rearm,
    async onAlarm(alarm) {
      if (alarm.name === SNOOZE_ALARM) return notify();
      if (!alarm.name.startsWith(REMINDER_ALARM_PREFIX)) return;
      const { enabled, slots } = await readReminders();
      const slot = slots.find((candidate) => slotAlarm(candidate) === alarm.name);
      if (!enabled || !slot) return;
      // Next week's alarm first: a failed notification must not end the reminder for good.
      await arm(slot, new Date(Math.max(clock.now().getTime(), alarm.scheduledTime)));
      await notify();
    },
    snooze: () => snoozeReminder(clock),
    stop: stopReminders,
    async open() {
      // Opening first, before any await: Chrome lets a side panel open only within the click.
      const opening = deps.openCard();
      await dismiss();
      await opening;
    },
  };
}

/**
 * Background wiring: listeners are added synchronously so a worker woken by an alarm or a
 * notification click still hears it. Returns a promise for the first re-arm (tests await it).
 */
export function registerReminders(service: ReminderService): Promise<void> {
  const run = (what: string, task: () => Promise<void>) => {
    task().catch((error: unknown) => reportError(what, error));
  };
  browser.alarms.onAlarm.addListener((alarm) => run('reminder alarm', () => service.onAlarm(alarm)));
  browser.notifications.onClicked.addListener((id) => {
    if (id === REMINDER_NOTIFICATION) run('reminder click', () => service.open());
  });
  browser.notifications.onButtonClicked.addListener((id, index) => {
    if (id !== REMINDER_NOTIFICATION) return;
    run('reminder button', () => (index === 0 ? service.snooze() : service.stop()));
  });
  browser.runtime.onStartup.addListener(() => run('reminder startup', service.rearm));
  browser.runtime.onInstalled.addListener(() => run('reminder install', service.rearm));
  remindersItem.watch(() => run('reminder settings', service.rearm));
  return service.rearm().catch((error: unknown) => reportError('reminder rearm', error));
}
