import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import RemindersSection from '../../../extension/entrypoints/options/reminders-section.svelte';
import { RemindersFormState } from '../../../extension/entrypoints/options/reminders-form.svelte.ts';
import { readReminders, writeReminders } from '../../../extension/services/reminders/reminder-settings.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';

let n = 0;
function renderSection() {
  const form = new RemindersFormState(() => `slot-${++n}`);
  const controller = new AbortController();
  form.connect(controller.signal);
  render(RemindersSection, { form });
  return form;
}

async function addSlot(day: string, time: string) {
  await fireEvent.change(screen.getByRole('combobox', { name: 'Day' }), { target: { value: day } });
  await fireEvent.input(screen.getByLabelText('Time'), { target: { value: time } });
  await fireEvent.click(screen.getByRole('button', { name: 'Add reminder' }));
}

describe('reminders in the settings', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    document.body.innerHTML = '';
    document.documentElement.lang = 'en';
    document.title = 'Action Step Coach settings';
  });

  it('adds weekly slots, refuses a repeat, removes one by name (no axe violations)', async () => {
    renderSection();
    await screen.findByText('No reminders yet.');
    await expectNoAxeViolations();

    await addSlot('2', '10:40');
    await screen.findByText('Added: Tuesdays 10:40.');
    await addSlot('4', '14:05');
    await screen.findByText('Added: Thursdays 14:05.');
    expect((await readReminders()).slots.map((s) => [s.day, s.time])).toEqual([
      [2, '10:40'],
      [4, '14:05'],
    ]);

    await addSlot('2', '10:40');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You already have a reminder on Tuesdays 10:40.',
    );
    expect((await readReminders()).slots).toHaveLength(2);

    const list = screen.getByRole('list', { name: 'Your reminders' });
    await fireEvent.click(within(list).getByRole('button', { name: 'Remove Tuesdays 10:40' }));
    await screen.findByText('Removed: Tuesdays 10:40.');
    expect((await readReminders()).slots.map((s) => s.time)).toEqual(['14:05']);
    await expectNoAxeViolations();
  });

  it('allows at most 5, and a time must be given', async () => {
    await writeReminders({
      enabled: true,
      slots: [1, 2, 3, 4, 5].map((day) => ({ id: `d${day}`, day, time: '09:00' })),
    });
    renderSection();
    await screen.findByText('Fridays 09:00');
    expect(screen.getByRole('button', { name: 'Add reminder' })).toBeDisabled();

    await writeReminders({ enabled: true, slots: [] });
    await screen.findByText('No reminders yet.');
    await addSlot('1', '');
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose a day and a time');
    expect((await readReminders()).slots).toEqual([]);
  });

  it('turns reminders off and on, keeping the slots', async () => {
    await writeReminders({ enabled: true, slots: [{ id: 'tue', day: 2, time: '10:40' }] });
    renderSection();
    const toggle = await screen.findByRole('checkbox', { name: 'Remind me' });
    await expect.poll(() => (toggle as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(toggle);
    await screen.findByText('Reminders are off.');
    expect(await readReminders()).toEqual({ enabled: false, slots: [{ id: 'tue', day: 2, time: '10:40' }] });
  });
});
