process.env.TZ = 'Europe/London';

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CARD_PAGE, openCard } from '../../../extension/services/reminders/open-card.ts';
import {
  createReminderService,
  registerReminders,
  REMINDER_NOTIFICATION,
  SNOOZE_ALARM,
  SNOOZE_LABEL,
  STOP_LABEL,
  type ReminderServiceDeps,
} from '../../../extension/services/reminders/reminder-service.ts';
import { readReminders, writeReminders } from '../../../extension/services/reminders/reminder-settings.ts';
import { reminderDueItem } from '../../../extension/storage.ts';
import { makeStep } from './fake-server.ts';

/** Monday 23 March 2026, 09:00 GMT: the week of the spring clock change. */
let now = new Date(2026, 2, 23, 9, 0);
const clock = { now: () => now };
const tuesday = { id: 'tue', day: 2, time: '10:40' };
const thursday = { id: 'thu', day: 4, time: '14:05' };

function setup(overrides: Partial<ReminderServiceDeps> = {}) {
  const openCardSpy = vi.fn(async () => {});
  const create = vi.spyOn(fakeBrowser.notifications, 'create');
  const service = createReminderService({
    currentStep: async () => makeStep(),
    openCard: openCardSpy,
    buttons: true,
    clock,
    ...overrides,
  });
  return { service, openCard: openCardSpy, create };
}

async function alarmTimes(): Promise<Record<string, string>> {
  const alarms = await fakeBrowser.alarms.getAll();
  return Object.fromEntries(alarms.map((alarm) => [alarm.name, new Date(alarm.scheduledTime).toString()]));
}

describe('reminder alarms', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
    now = new Date(2026, 2, 23, 9, 0);
  });

  it('arms one alarm per slot at its next local time, and none while stopped', async () => {
    const { service } = setup();
    await writeReminders({ enabled: true, slots: [tuesday, thursday] });
    await service.rearm();
    const alarms = await fakeBrowser.alarms.getAll();
    expect(alarms.map((a) => a.name).sort()).toEqual(['reminder:thu', 'reminder:tue']);
    expect(alarms.find((a) => a.name === 'reminder:tue')?.scheduledTime).toBe(
      new Date(2026, 2, 24, 10, 40).getTime(),
    );
    expect(alarms.find((a) => a.name === 'reminder:thu')?.scheduledTime).toBe(
      new Date(2026, 2, 26, 14, 5).getTime(),
    );

    await writeReminders({ enabled: true, slots: [thursday] });
    await service.rearm();
    expect(Object.keys(await alarmTimes())).toEqual(['reminder:thu']);
    await writeReminders({ enabled: false, slots: [thursday] });
    await service.rearm();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('keeps a due alarm that has not fired yet (a missed reminder fires at startup), re-arms a wrong one', async () => {
    const { service } = setup();
    await writeReminders({ enabled: true, slots: [tuesday, thursday] });
    const missed = new Date(2026, 2, 23, 8, 30).getTime();
    await fakeBrowser.alarms.create('reminder:tue', { when: missed });
    await fakeBrowser.alarms.create('reminder:thu', { when: new Date(2026, 2, 26, 15, 0).getTime() });
    await service.rearm();
    expect((await fakeBrowser.alarms.get('reminder:tue'))?.scheduledTime).toBe(missed);
    expect((await fakeBrowser.alarms.get('reminder:thu'))?.scheduledTime).toBe(
      new Date(2026, 2, 26, 14, 5).getTime(),
    );
  });

  it('leaves other alarms (the sync alarm) alone', async () => {
    const { service } = setup();
    await fakeBrowser.alarms.create('sync', { periodInMinutes: 15 });
    await writeReminders({ enabled: false, slots: [] });
    await service.rearm();
    expect((await fakeBrowser.alarms.getAll()).map((a) => a.name)).toEqual(['sync']);
  });

  it('on firing: shows the step and its cue with two buttons, and re-arms for next week (across the clock change)', async () => {
    const { service, create } = setup();
    await writeReminders({ enabled: true, slots: [tuesday] });
    await service.rearm();
    const [alarm] = await fakeBrowser.alarms.getAll();
    now = new Date(alarm!.scheduledTime);
    await fakeBrowser.alarms.clear(alarm!.name); // a one-shot alarm is gone once it fires
    await service.onAlarm(alarm!);

    expect(create).toHaveBeenCalledWith(
      REMINDER_NOTIFICATION,
      expect.objectContaining({
        type: 'basic',
        title: makeStep().title,
        message: `When to practise: ${makeStep().whenToPractise}`,
        buttons: [{ title: SNOOZE_LABEL }, { title: STOP_LABEL }],
        iconUrl: expect.stringMatching(/^data:image\/png;base64,/),
      }),
    );
    expect(await reminderDueItem.getValue()).toBe(now.toISOString());
    const next = await fakeBrowser.alarms.get('reminder:tue');
    // 31 March is after the change to BST: still 10:40 on the wall clock.
    expect(next?.scheduledTime).toBe(new Date(2026, 2, 31, 10, 40).getTime());
  });

  it('has no buttons where notifications cannot have them (Firefox), and copes with no step', async () => {
    const { service, create } = setup({ buttons: false, currentStep: async () => null });
    await writeReminders({ enabled: true, slots: [tuesday] });
    await service.onAlarm({ name: 'reminder:tue', scheduledTime: now.getTime() });
    const options = create.mock.calls[0]![1] as unknown as { buttons?: unknown; title: string };
    expect(options.buttons).toBeUndefined();
    expect(options.title).toBe('Time for your action step');
  });

  it('ignores alarms that are not its own, and those of removed slots', async () => {
    const { service, create } = setup();
    await writeReminders({ enabled: true, slots: [tuesday] });
    await service.onAlarm({ name: 'sync', scheduledTime: now.getTime() });
    await service.onAlarm({ name: 'reminder:gone', scheduledTime: now.getTime() });
    expect(create).not.toHaveBeenCalled();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('"Snooze 10 minutes" (button 0) clears the notification and shows it again 10 minutes later', async () => {
    const { service, create } = setup();
    await writeReminders({ enabled: true, slots: [tuesday] });
    await registerReminders(service);
    await service.onAlarm({ name: 'reminder:tue', scheduledTime: now.getTime() });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([REMINDER_NOTIFICATION]);

    await fakeBrowser.notifications.onButtonClicked.trigger(REMINDER_NOTIFICATION, 0);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SNOOZE_ALARM)).toBeDefined());
    expect((await fakeBrowser.alarms.get(SNOOZE_ALARM))?.scheduledTime).toBe(now.getTime() + 10 * 60_000);
    await vi.waitFor(async () => expect(await fakeBrowser.notifications.getAll()).toEqual({}));
    expect(await reminderDueItem.getValue()).toBeNull();

    create.mockClear();
    await fakeBrowser.alarms.onAlarm.trigger((await fakeBrowser.alarms.get(SNOOZE_ALARM))!);
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
  });

  it('"Stop these reminders" (button 1) turns them off but keeps the slots for later', async () => {
    const { service } = setup();
    await writeReminders({ enabled: true, slots: [tuesday, thursday] });
    await registerReminders(service);
    await service.snooze();
    expect((await fakeBrowser.alarms.getAll()).length).toBe(3);

    await fakeBrowser.notifications.onButtonClicked.trigger(REMINDER_NOTIFICATION, 1);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.getAll()).toEqual([]));
    expect(await readReminders()).toEqual({ enabled: false, slots: [tuesday, thursday] });
    // Turning them back on in the settings re-arms them (the background watches the setting).
    await writeReminders({ enabled: true, slots: [tuesday, thursday] });
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.getAll()).length).toBe(2));
  });

  it('re-arms at browser startup and at install, so reminders survive a restart', async () => {
    const { service } = setup();
    await writeReminders({ enabled: true, slots: [tuesday] });
    await registerReminders(service);
    await fakeBrowser.alarms.clearAll(); // what a browser that dropped its alarms looks like
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get('reminder:tue')).toBeDefined());
    await fakeBrowser.alarms.clearAll();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.1.0' });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get('reminder:tue')).toBeDefined());
  });

  it('"Delete everything" (storage cleared) leaves no reminder, snooze or notification behind', async () => {
    const { service } = setup();
    await writeReminders({ enabled: true, slots: [tuesday, thursday] });
    await registerReminders(service);
    await service.onAlarm({ name: 'reminder:tue', scheduledTime: now.getTime() });
    await service.snooze();
    await service.onAlarm({ name: SNOOZE_ALARM, scheduledTime: now.getTime() });
    expect(Object.keys(await alarmTimes()).sort()).toEqual(
      ['reminder:thu', 'reminder:tue', SNOOZE_ALARM].sort(),
    );
    expect(await reminderDueItem.getValue()).not.toBeNull();

    await fakeBrowser.storage.local.clear();
    await vi.waitFor(async () => expect(await alarmTimes()).toEqual({}));
    expect(await reminderDueItem.getValue()).toBeNull();
  });

  it('a click on the notification opens the card and dismisses it', async () => {
    const { service, openCard: opened } = setup();
    await writeReminders({ enabled: true, slots: [tuesday] });
    await registerReminders(service);
    await service.onAlarm({ name: 'reminder:tue', scheduledTime: now.getTime() });
    await fakeBrowser.notifications.onClicked.trigger(REMINDER_NOTIFICATION);
    await vi.waitFor(() => expect(opened).toHaveBeenCalledTimes(1));
    await vi.waitFor(async () => expect(await reminderDueItem.getValue()).toBeNull());
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});

describe('opening the card', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('opens Chrome’s side panel in the current window', async () => {
    const open = vi.fn(async () => {});
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    await openCard({ sidePanel: { open } });
    expect(open).toHaveBeenCalledWith({ windowId: fakeBrowser.windows.WINDOW_ID_CURRENT });
    expect(tabs).not.toHaveBeenCalled();
  });

  it('falls back to a tab when the panel refuses, or there is none (Firefox)', async () => {
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    await openCard({
      sidePanel: {
        open: () => Promise.reject(new Error('may only be called in response to a user gesture')),
      },
    });
    await openCard({});
    expect(tabs).toHaveBeenCalledTimes(2);
    expect(tabs).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL(CARD_PAGE) });
  });
});
