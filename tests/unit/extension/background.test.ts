import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../extension/entrypoints/background.ts';
import type { CoachingService } from '../../../extension/services/coaching-service.ts';
import { registerSyncSchedule } from '../../../extension/services/sync-schedule.ts';
import type { ExtensionResponse } from '../../../shared/protocol/messages.ts';

describe('background entrypoint', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // fakeBrowser implements neither commands, permissions nor scripting: no shortcut, no added sites.
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => {});
    // The mock stands in for the promise overload; vitest types it by the last (callback, void) one.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(async () => []);
  });

  it('answers messages and schedules a 15-minute sync alarm', async () => {
    background.main();

    const response = (await fakeBrowser.runtime.sendMessage({ type: 'get-overview' })) as ExtensionResponse;
    expect(response).toMatchObject({ ok: true, overview: { mode: 'local', step: null } });
    await vi.waitFor(async () => {
      expect(await fakeBrowser.alarms.get('sync')).toMatchObject({ name: 'sync', periodInMinutes: 15 });
    });
  });

  it('replies invalid-message to anything that is not a request', async () => {
    background.main();
    const response = (await fakeBrowser.runtime.sendMessage({ type: 'unknown' })) as ExtensionResponse;
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });
});

describe('sync schedule', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  function fakeService() {
    const syncIfDue = vi.fn(async () => {});
    const service = { syncIfDue, handle: vi.fn() } satisfies CoachingService;
    return { service, syncIfDue };
  }

  it('syncs on the sync alarm and at browser startup, not on other alarms', async () => {
    const { service, syncIfDue } = fakeService();
    await registerSyncSchedule(Promise.resolve(service));

    await fakeBrowser.alarms.onAlarm.trigger({
      name: 'something-else',
      scheduledTime: 0,
      persistAcrossSessions: false,
    });
    await fakeBrowser.alarms.onAlarm.trigger({
      name: 'sync',
      scheduledTime: 0,
      persistAcrossSessions: false,
    });
    await vi.waitFor(() => expect(syncIfDue).toHaveBeenCalledTimes(1));
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(() => expect(syncIfDue).toHaveBeenCalledTimes(2));
  });

  it('keeps an existing alarm instead of restarting its period', async () => {
    await fakeBrowser.alarms.create('sync', { periodInMinutes: 15, when: 1234 });
    await registerSyncSchedule(Promise.resolve(fakeService().service));
    expect(await fakeBrowser.alarms.getAll()).toHaveLength(1);
    expect(await fakeBrowser.alarms.get('sync')).toMatchObject({ scheduledTime: 1234 });
  });
});
