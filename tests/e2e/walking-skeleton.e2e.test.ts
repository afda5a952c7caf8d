import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStepInput } from '../harness/builders.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { CoachPage } from './pages/coach-page.ts';
import { DemoLms } from './pages/demo-lms.ts';
import { OptionsPage, Overlay, PopupPage } from './pages/extension-pages.ts';
import { TeacherPage } from './pages/teacher-page.ts';

const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
const DOC_URL = 'https://docs.google.com/document/d/1abcDEFghi/edit';
const SLIDES_URL = 'https://docs.google.com/presentation/d/1abcDEFghi/edit';

let tool: TestServer;
let sites: FixtureSites;
let browser: BrowserSession;
const dialogs: string[] = [];

beforeAll(async () => {
  tool = await startTestServer({ builtAssets: true });
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
  });
  browser.context.on('page', (page) =>
    page.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message()))),
  );
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await tool?.close();
});

describe('walking skeleton: a coach sets a step in the LMS, the teacher sees it on their lesson plan', () => {
  let extensionId: string;
  let pairingCode: string;

  it("coach launches from the demo LMS and sets Sam's action step", async () => {
    extensionId = browser.extensionId!;
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, tool.url);
    await lms.open();
    const frame = await lms.launch(/Launch as coach/, 'text=Sam Okafor');
    const coach = new CoachPage(frame);
    await coach.chooseTeacher('Sam Okafor');
    await coach.setActionStep(aStepInput({ title: HOSTILE_TITLE }));
    await frame.getByRole('heading', { name: HOSTILE_TITLE }).waitFor();
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  });

  it('teacher launches, sees the step literally and gets a pairing code', async () => {
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, tool.url);
    await lms.open();
    const frame = await lms.launch(/Launch as teacher \(Sam Okafor\)/, 'text=Show pairing code');
    await frame.getByRole('heading', { name: HOSTILE_TITLE }).waitFor();
    expect(await frame.locator('img[src="x"]').count()).toBe(0);
    pairingCode = await new TeacherPage(frame).pairingCode();
    expect(pairingCode.replace('-', '')).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  });

  it('the extension pairs with the code and syncs the step', async () => {
    const options = await OptionsPage.open(browser.context, extensionId);
    expect(await options.pair(tool.url, pairingCode)).toContain('Sam Okafor');
    await options.page.getByRole('heading', { name: HOSTILE_TITLE }).waitFor();
    expect(await axeViolations(options.page)).toEqual([]);
    await options.page.close();
  });

  it('the overlay shows the step on a Google Docs page with a Trusted Types CSP', async () => {
    const page = await browser.context.newPage();
    await page.goto(DOC_URL);
    const overlay = new Overlay(page);
    await overlay.waitForTitle(HOSTILE_TITLE);
    expect(await overlay.root.getByRole('listitem').allTextContents()).toEqual(aStepInput().successCriteria);
    await overlay.root.getByText(aStepInput().whenToPractise).waitFor();
    expect(await page.locator('action-step-coach').locator('img[src="x"]').count()).toBe(0);
    expect(await axeViolations(page, 'action-step-coach')).toEqual([]);

    const toggle = overlay.root.getByRole('button', { name: 'Your action step', exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.close();
  });

  it('a new step from the coach replaces the old one after "Sync now"', async () => {
    const docs = await browser.context.newPage();
    await docs.goto(DOC_URL);
    const overlay = new Overlay(docs);
    await overlay.waitForTitle(HOSTILE_TITLE);

    const lmsPage = await browser.context.newPage();
    const lms = new DemoLms(lmsPage, tool.url);
    await lms.open();
    const coach = new CoachPage(await lms.launch(/Launch as coach/, 'text=Sam Okafor'));
    await coach.chooseTeacher('Sam Okafor');
    await coach.setActionStep(aStepInput({ title: 'Cold call after 3 seconds of wait time' }));
    await lmsPage.close();

    const popup = await PopupPage.open(browser.context, extensionId);
    await popup.syncNow(/Up to date/);
    expect(await axeViolations(popup.page)).toEqual([]);
    await overlay.waitForTitle('Cold call after 3 seconds of wait time');
    expect(await overlay.title().count()).toBe(1);
    await popup.page.close();
    await docs.close();
  });

  it('keeps showing the last synced step while the server is down', async () => {
    await tool.close();
    const popup = await PopupPage.open(browser.context, extensionId);
    await popup.syncNow(/Offline/);
    const docs = await browser.context.newPage();
    await docs.goto(SLIDES_URL);
    await new Overlay(docs).waitForTitle('Cold call after 3 seconds of wait time');
    await docs.close();
    await popup.page.close();
  });

  it('the lesson-planning site saw only its own page loads, and no script ran from user text', () => {
    expect(sites.requests.every((request) => request.startsWith('GET docs.google.com/'))).toBe(true);
    expect(dialogs).toEqual([]);
  });
});

describe('local-only mode: no server, the teacher types their own step', () => {
  let solo: BrowserSession;
  beforeAll(async () => {
    solo = await launchBrowser({
      withExtension: true,
      hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
    });
  });
  afterAll(async () => {
    await solo?.close();
  });

  it('refuses an incomplete step with a clear message, then shows a valid one on Slides', async () => {
    const options = await OptionsPage.open(solo.context, solo.extensionId!);
    await options.saveLocalStep(aStepInput({ title: 'Narrate the positive', successCriteria: [] }));
    await options.page
      .getByRole('alert')
      .filter({ hasText: /success criterion/i })
      .waitFor();
    expect(await options.page.locator('[name="title"]').inputValue()).toBe('Narrate the positive');

    await options.saveLocalStep(
      aStepInput({ title: 'Narrate the positive', successCriteria: ['Three pupils named'] }),
    );
    await options.page.getByRole('heading', { name: 'Narrate the positive' }).waitFor();
    const slides = await solo.context.newPage();
    await slides.goto(SLIDES_URL);
    await new Overlay(slides).waitForTitle('Narrate the positive');
  });
});
