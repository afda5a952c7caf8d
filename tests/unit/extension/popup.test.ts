import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../extension/entrypoints/popup/App.svelte';
import { readCheckIns } from '../../../extension/services/check-ins.ts';
import { SNOOZE_ALARM } from '../../../extension/services/reminders/reminder-service.ts';
import { readReminders, writeReminders } from '../../../extension/services/reminders/reminder-settings.ts';
import { reminderDueItem } from '../../../extension/storage.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { overviewOf, startBackground } from './coaching-harness.ts';
import { GOOD_CODE, SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

describe('popup', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('shows the synced step and reports going offline after "Sync now"', async () => {
    const server = createFakeServer();
    server.steps = [makeStep()];
    const { send } = await startBackground(server);
    overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    render(App);

    await screen.findByText(makeStep().title);
    expect(screen.getByTestId('sync-status')).toHaveTextContent(/^Up to date/);

    server.online = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));

    await screen.findByText(/^Offline: showing your last saved step/);
    expect(screen.getByText(makeStep().title)).toBeInTheDocument();
  });

  it('says when the step is local-only', async () => {
    await startBackground();
    render(App);
    await screen.findByText('Not connected: your step is kept in this browser only.');
    expect(screen.getByRole('button', { name: 'Settings' })).toBeInTheDocument();
  });

  describe('quick note and reminders', () => {
    beforeEach(() => {
      document.body.innerHTML = '';
      document.documentElement.lang = 'en';
      document.title = 'Action Step Coach';
    });

    async function pairedPopup() {
      const server = createFakeServer();
      server.steps = [makeStep()];
      const { send } = await startBackground(server);
      overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
      render(App);
      await screen.findByText(makeStep().title);
    }

    it('ticks "I planned for this" with a note beside the step, with Sync now still there (no axe violations)', async () => {
      await pairedPopup();
      expect(screen.getByRole('button', { name: 'Sync now' })).toBeInTheDocument();
      await expectNoAxeViolations();
      await fireEvent.input(screen.getByRole('textbox', { name: 'Add a line (optional)' }), {
        target: { value: 'Period 3' },
      });
      const tick = screen.getByRole('button', { name: 'I planned for this' });
      // A double press is one tick.
      await Promise.all([fireEvent.click(tick), fireEvent.click(tick)]);
      // Online: it says it is being sent, never "when you are online".
      await screen.findByText(/Sending it to your coach|Your coach has it/);
      expect(screen.queryByText(/when you are (back )?online/)).toBeNull();
      expect(await readCheckIns()).toEqual([
        expect.objectContaining({ note: 'Period 3', actionStepId: makeStep().id }),
      ]);
      await expectNoAxeViolations();
    });

    it('offers snooze and stop while a reminder is due (Firefox has no notification buttons)', async () => {
      await writeReminders({ enabled: true, slots: [{ id: 'tue', day: 2, time: '10:40' }] });
      await reminderDueItem.setValue('2026-03-10T10:40:00.000Z');
      await pairedPopup();
      await fireEvent.click(await screen.findByRole('button', { name: 'Snooze 10 minutes' }));
      await expect.poll(() => fakeBrowser.alarms.get(SNOOZE_ALARM)).toBeDefined();
      await expect.poll(() => screen.queryByRole('button', { name: 'Snooze 10 minutes' })).toBeNull();

      await reminderDueItem.setValue('2026-03-10T10:50:00.000Z');
      await fireEvent.click(await screen.findByRole('button', { name: 'Stop these reminders' }));
      await expect
        .poll(readReminders)
        .toEqual({ enabled: false, slots: [{ id: 'tue', day: 2, time: '10:40' }] });
      await expect.poll(() => fakeBrowser.alarms.get(SNOOZE_ALARM)).toBeUndefined();
      await expectNoAxeViolations();
    });

    it('offers them even before there is a step (the reminder said to add one)', async () => {
      await reminderDueItem.setValue('2026-03-10T10:40:00.000Z');
      await startBackground();
      render(App);
      await screen.findByText(/No action step yet/);
      expect(await screen.findByRole('button', { name: 'Stop these reminders' })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'I planned for this' })).toBeNull();
    });

    it('has no reminder buttons when none is due', async () => {
      await pairedPopup();
      expect(screen.queryByRole('button', { name: 'Snooze 10 minutes' })).toBeNull();
    });
  });
});
