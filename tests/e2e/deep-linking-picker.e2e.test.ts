import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { DemoLms } from './pages/demo-lms.ts';

const starter = loadStarterModules();
const byId = (id: string) => {
  const module = starter.find((candidate) => candidate.id === id);
  if (!module) throw new Error(`no starter module ${id}`);
  return module;
};
// Three modules no one search shows together: routines (primary), questioning (all phases),
// feedback (further education).
const calmEntry = byId('starter-calm-entry-routine');
const askPause = byId('starter-ask-pause-then-name');
const assignmentFeedback = byId('starter-feedback-learners-act-on');

let tool: TestServer;
let browser: BrowserSession;

beforeAll(async () => {
  tool = await startTestServer({ builtAssets: true });
  browser = await launchBrowser({ withExtension: false });
});
afterAll(async () => {
  await browser?.close();
  await tool?.close();
});

/** The demo LMS's "Add activities" as the provider: the tool's picker in the whole window. */
async function openPicker(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const lms = new DemoLms(page, tool.url);
  await lms.open();
  await page.getByRole('link', { name: /^Add activities as provider/ }).click();
  await page.getByRole('heading', { name: 'Add a coaching activity' }).waitFor();
  return page;
}

async function search(page: Page, filter: { phase: string; theme: string }): Promise<void> {
  await page.getByLabel('Phase').selectOption({ label: filter.phase });
  await page.getByLabel('Theme').selectOption({ label: filter.theme });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForLoadState();
}

const selected = (page: Page) => page.getByRole('status');
const heldGroup = (page: Page) => page.getByRole('group', { name: 'Also chosen' });

describe('the deep-linking picker, in Chromium', () => {
  it("keeps a provider's ticks through two filter changes and sends them all to the LMS", async () => {
    const page = await openPicker();
    expect(await axeViolations(page)).toEqual([]);
    await expect.poll(() => selected(page).textContent()).toBe('Nothing selected yet');

    await page.getByRole('checkbox', { name: calmEntry.title }).check();
    await expect.poll(() => selected(page).textContent()).toBe('1 selected');

    // Filter 1: questioning. The calm entry is out of the list, but still ticked, above it.
    await search(page, { phase: 'Any phase', theme: 'Questioning and checking' });
    expect(
      await page.getByRole('group', { name: 'Practice modules' }).getByText(calmEntry.title).count(),
    ).toBe(0);
    expect(await heldGroup(page).getByRole('checkbox', { name: calmEntry.title }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: askPause.title }).check();
    await expect.poll(() => selected(page).textContent()).toBe('2 selected');

    // Filter 2: further education, feedback. Both earlier ticks are held now.
    await search(page, { phase: 'Further education', theme: 'Feedback' });
    for (const title of [calmEntry.title, askPause.title]) {
      expect(await heldGroup(page).getByRole('checkbox', { name: title }).isChecked()).toBe(true);
    }
    await page.getByRole('checkbox', { name: assignmentFeedback.title }).check();
    await expect.poll(() => selected(page).textContent()).toBe('3 selected');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add to course' }).click();
    // The LMS shows what its deep-linking response carried: three new course activities.
    await page.waitForURL((url) => url.pathname.startsWith('/demo'));
    expect(await page.getByRole('status').textContent()).toContain('Added 3 activities.');
    for (const title of [calmEntry.title, askPause.title, assignmentFeedback.title]) {
      await page.getByRole('heading', { level: 3, name: title, exact: true }).waitFor();
    }
    await page.close();
  });

  it('on a phone, keeps "Add to course" in view and refuses an empty pick on the page', async () => {
    const page = await openPicker({ width: 360, height: 640 });
    const add = page.getByRole('button', { name: 'Add to course' });
    // The list runs far below the fold, yet the Add bar is on screen.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(2 * 640);
    const box = await add.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(640);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(360);
    expect(await axeViolations(page)).toEqual([]);

    const pickerUrl = page.url();
    await add.click();
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toBe('Choose at least one activity or module to add, or select “Cancel”.');
    // Still the picker, focus on the first choice.
    expect(page.url()).toBe(pickerUrl);
    expect(
      await page.evaluate(() => {
        const focused = document.activeElement as HTMLInputElement | null;
        return [focused?.name, focused?.value];
      }),
    ).toEqual(['activity', 'action-step']);
    expect(await axeViolations(page)).toEqual([]);

    // Ticking clears the message; the pick then goes through.
    await page.getByRole('checkbox', { name: askPause.title }).check();
    await expect.poll(() => alert.textContent()).toBe('');
    await add.click();
    await page.waitForURL((url) => url.pathname.startsWith('/demo'));
    expect(await page.getByRole('status').textContent()).toContain('Added 1 activity.');
    await page.close();
  });
});
