import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { aStepInput } from '../harness/builders.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { CoachPage } from './pages/coach-page.ts';
import { DemoLms } from './pages/demo-lms.ts';
import { Overlay } from './pages/extension-pages.ts';

const STORE_URL =
  'https://chromewebstore.google.com/detail/action-step-coach/abcdefghijklmnopabcdefghijklmnop';
const DOC_URL = 'https://docs.google.com/document/d/1abcDEFghi/edit';
const STEP_TITLE = 'Name two pupils who are on task before any correction';
const HINT = 'Connect to see your action step';

let tool: TestServer;
let sites: FixtureSites;
let browser: BrowserSession;

beforeAll(async () => {
  tool = await startTestServer({ builtAssets: true, env: { EXTENSION_STORE_URL: STORE_URL } });
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
  });
  // What a teacher's browser grants an LMS page they click "Copy link" on; the clipboard is the
  // browser's own, shared with the extension's page the teacher pastes into.
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: tool.url });
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await tool?.close();
});

/** The options page the extension opened in a tab, once it has one. */
async function openedOptionsPage(extensionId: string): Promise<Page> {
  let options: Page | undefined;
  await vi.waitFor(
    () => {
      options = browser.context
        .pages()
        .find((page) => page.url() === `chrome-extension://${extensionId}/options.html`);
      expect(options).toBeDefined();
    },
    { timeout: 10_000 },
  );
  return options!;
}

describe('a new teacher connects the extension with one copy and one paste', () => {
  it("the coach sets the teacher's step in the LMS", async () => {
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, tool.url);
    await lms.open();
    const coach = new CoachPage(await lms.launch(/Launch as coach/, 'text=Sam Okafor'));
    await coach.chooseTeacher('Sam Okafor');
    await coach.setActionStep(aStepInput({ title: STEP_TITLE }));
    await page.close();
  });

  it('goes from the teacher page to their step in the overlay', async () => {
    // Before: the extension is installed but not connected, and a supported page says so.
    const docs = await browser.context.newPage();
    await docs.goto(DOC_URL);
    const host = docs.locator('action-step-coach');
    const hint = host.getByRole('complementary', { name: 'Action Step Coach' });
    await hint.getByRole('button', { name: HINT }).waitFor();
    expect(await axeViolations(docs, 'action-step-coach')).toEqual([]);
    await docs.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(docs, 'action-step-coach')).toEqual([]);
    await docs.emulateMedia({ colorScheme: 'light' });

    // The teacher page: where to install it, and the pairing link with its Copy button.
    const lmsPage = await browser.context.newPage();
    const lms = new DemoLms(lmsPage, tool.url);
    await lms.open();
    const teacher = await lms.launch(/Launch as teacher \(Sam Okafor\)/, 'text=Show pairing code');
    const install = teacher.getByRole('link', { name: 'Install the browser extension' });
    expect(await install.getAttribute('href')).toBe(STORE_URL);
    await teacher.getByRole('button', { name: 'Show pairing code' }).click();
    const shownLink = await teacher.getByRole('textbox', { name: 'Your pairing link' }).inputValue();
    expect(shownLink).toMatch(new RegExp(`^${tool.url}/pair#[A-HJ-NP-Z2-9]{8}$`));

    // One copy.
    await teacher.getByRole('button', { name: 'Copy link' }).click();
    await teacher.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await lmsPage.evaluate(() => navigator.clipboard.readText())).toBe(shownLink);
    expect(await axeViolations(teacher)).toEqual([]);

    // The hint on the lesson plan opens the extension's options.
    await docs.bringToFront();
    await hint.getByRole('button', { name: HINT }).click();
    const options = await openedOptionsPage(browser.extensionId!);
    await options.bringToFront();

    // One paste: it connects at once, to the server in the link.
    const field = options.getByRole('textbox', { name: /^Pairing link/ });
    await field.focus();
    await options.keyboard.press('ControlOrMeta+V');
    const pairedAs = options.getByTestId('paired-as');
    await pairedAs.waitFor();
    expect(await pairedAs.textContent()).toMatch(
      new RegExp(`Connected as\\s+Sam Okafor\\s+to\\s+${tool.url}`),
    );
    await options.getByRole('heading', { name: STEP_TITLE }).waitFor();
    expect(await axeViolations(options)).toEqual([]);

    // Back on the lesson plan: the step, and no more hint.
    await docs.bringToFront();
    await new Overlay(docs).waitForTitle(STEP_TITLE);
    expect(await hint.count()).toBe(0);
    await lmsPage.close();
    await options.close();
    await docs.close();
  });

  it('the pairing link itself, opened in a browser, says what it is for', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${tool.url}/pair#K7QM2XPD`);
    await page.getByRole('heading', { name: 'This is a pairing link for the browser extension' }).waitFor();
    await page.close();
  });
});
