import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { aStepInput } from '../harness/builders.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { OptionsPage } from './pages/extension-pages.ts';

/** The extension API, inside the evaluated functions (they run in the extension, not here). */
declare const chrome: typeof Browser;

const STEP = aStepInput({ title: 'Cold-call two named pupils after each question' });
let browser: BrowserSession;
let worker: Worker;
let extensionId: string;

async function openExtensionPage(file: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${file}`);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser({ withExtension: true });
  extensionId = browser.extensionId!;
  worker = browser.context.serviceWorkers()[0]!;
});
afterAll(async () => {
  await browser?.close();
});

describe('practice cues in Chromium: reminders, the side panel and "I planned for this"', () => {
  it('the teacher writes a step and a weekly reminder; the background arms its alarm', async () => {
    const options = await OptionsPage.open(browser.context, extensionId);
    await options.saveLocalStep(STEP);
    await options.page.getByText('Saved.').waitFor();

    await options.page.getByRole('combobox', { name: 'Day' }).selectOption({ label: 'Tuesday' });
    await options.page.getByLabel('Time').fill('10:40');
    await options.page.getByRole('button', { name: 'Add reminder' }).click();
    await options.page.getByText('Added: Tuesdays 10:40.').waitFor();
    expect(await axeViolations(options.page, 'section[aria-labelledby="reminders-heading"]')).toEqual([]);

    await expect
      .poll(async () => {
        const alarms = await worker.evaluate(() => chrome.alarms.getAll());
        return alarms.filter((alarm) => alarm.name.startsWith('reminder:')).length;
      })
      .toBe(1);
    const local = await worker.evaluate(async () => {
      const [alarm] = (await chrome.alarms.getAll()).filter((a) => a.name.startsWith('reminder:'));
      const at = new Date(alarm!.scheduledTime);
      return { day: at.getDay(), hours: at.getHours(), minutes: at.getMinutes(), future: at > new Date() };
    });
    expect(local).toEqual({ day: 2, hours: 10, minutes: 40, future: true });
    await options.page.close();
  });

  it('a due reminder shows the step and its cue as a notification with snooze and stop', async () => {
    // The snooze alarm uses the same path as a weekly one; unpacked extensions may fire it at once.
    await worker.evaluate(() => chrome.alarms.create('reminder-snooze', { when: Date.now() + 50 }));
    await expect
      .poll(() => worker.evaluate(() => chrome.notifications.getAll()), { timeout: 10_000 })
      .toHaveProperty('practice-reminder');
    const popup = await openExtensionPage('popup.html');
    await popup.getByRole('button', { name: 'Snooze 10 minutes' }).waitFor();
    expect(await axeViolations(popup)).toEqual([]);
    await popup.getByRole('button', { name: 'Snooze 10 minutes' }).click();
    await expect.poll(() => worker.evaluate(() => chrome.notifications.getAll())).toEqual({});
    expect(await worker.evaluate(() => chrome.alarms.get('reminder-snooze'))).toBeTruthy();
    await popup.close();
  });

  it('the side panel page shows the step, today’s checklist and keeps "I planned for this" locally', async () => {
    const panel = await openExtensionPage('sidepanel.html');
    await panel.getByRole('heading', { name: STEP.title }).waitFor();
    expect(await axeViolations(panel)).toEqual([]);

    const criterion = panel.getByRole('checkbox', { name: STEP.successCriteria[0] });
    await criterion.check();
    // Stored as the teacher left it (a $state proxy would not survive chrome.storage's cloning).
    await expect
      .poll(() => panel.evaluate(() => chrome.storage.local.get('criteriaTicks')))
      .toMatchObject({ criteriaTicks: { ticked: [0] } });
    await panel.getByRole('textbox', { name: 'Add a line (optional)' }).fill('Tuesday P3, slide 4');
    await panel.getByRole('button', { name: 'I planned for this' }).click();
    await panel.getByText('Ticked: planned for this. Kept in this browser.').waitFor();
    await panel.getByTestId('recent-check-ins').getByText('Planned for it: Tuesday P3, slide 4').waitFor();
    expect(await axeViolations(panel)).toEqual([]);

    // The tick survives a reload: it is the teacher's, kept in this browser only.
    await panel.reload();
    await expect.poll(() => criterion.isChecked()).toBe(true);
    await panel
      .getByTestId('recent-check-ins')
      .getByText(/Kept in this browser$/)
      .waitFor();
    await panel.close();
  });
});
