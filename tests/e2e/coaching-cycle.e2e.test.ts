import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { aStepInput } from '../harness/builders.ts';
import { Inbox } from '../harness/smtp-inbox.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { CoachPage } from './pages/coach-page.ts';
import { CoachWeek } from './pages/coaching-cycle.ts';
import { DemoLms } from './pages/demo-lms.ts';
import { OptionsPage, Overlay, PopupPage } from './pages/extension-pages.ts';
import { TeacherPage } from './pages/teacher-page.ts';

/**
 * The mentor's week end to end, in Chromium at a phone's width: caseload → observation (offline
 * half-way) → a conversation with two practice rounds that secures the step and sets the next from
 * a module → the teacher's page and extension show it with the check-back → the digest arrives by
 * SMTP and the calendar feed has the check-back. Prints what the conversation log cost.
 */
const SAM = 'Sam Okafor';
const DOC_URL = 'https://docs.google.com/document/d/1cycleDoc/edit';
const PHONE = { width: 360, height: 740 };
const next = loadStarterModules()[0]!;
const SMTP = { user: 'mail', password: 'smtp-pass-123' };

let tool: TestServer;
let sites: FixtureSites;
let browser: BrowserSession;
const inbox = new Inbox(SMTP);

beforeAll(async () => {
  await inbox.start();
  tool = await startTestServer({
    builtAssets: true,
    env: {
      SMTP_URL: `smtp://${SMTP.user}:${SMTP.password}@127.0.0.1:${inbox.port}`,
      MAIL_FROM: 'coaching@school.test',
    },
  });
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
  });
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await tool?.close();
  await inbox.close();
});

async function openLms(viewport = PHONE): Promise<DemoLms> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const lms = new DemoLms(page, tool.url);
  await lms.open();
  return lms;
}

describe("the mentor's weekly cycle, on a phone", () => {
  let extensionId: string;
  const cost = { ms: 0, taps: 0, fields: 0, characters: 0 };

  it('Sam has a step from last week, and the extension is paired', async () => {
    extensionId = browser.extensionId!;
    const lms = await openLms({ width: 1280, height: 800 });
    const coach = new CoachPage(await lms.launch(/Launch as coach/, `text=${SAM}`));
    await coach.chooseTeacher(SAM);
    await coach.setActionStep(aStepInput({ title: 'Entry routine with a countdown' }));
    const teacher = await lms.launch(/Launch as teacher \(Sam Okafor\)/, 'text=Show pairing code');
    const code = await new TeacherPage(teacher).pairingCode();
    const options = await OptionsPage.open(browser.context, extensionId);
    expect(await options.pair(tool.url, code)).toContain(SAM);
    await options.page.close();
    await lms.page.close();
  });

  it('the coach lands on the caseload, observes, loses the connection half-way, and loses nothing', async () => {
    const lms = await openLms();
    const week = new CoachWeek(await lms.launch(/Launch as coach/, 'text=Your teachers this week'));
    const card = week.teacherCard(SAM);
    await card.getByText('Entry routine with a countdown').waitFor();
    expect(await axeViolations(week.frame)).toEqual([]);

    await week.tap(card.getByRole('button', { name: `Observe ${SAM}` }));
    const form = week.form(/^Observing Sam Okafor/);
    await form.getByText(/never pupils/).waitFor();
    await week.type(form.getByRole('textbox', { name: /^Quick note/ }), 'Countdown from 5, paused at 3');
    await week.tap(form.getByRole('button', { name: 'Add note' }));
    const criteria = aStepInput().successCriteria;
    await week.tap(
      form.getByRole('group', { name: criteria[0] }).getByRole('radio', { name: 'Seen secure' }),
    );
    expect(await axeViolations(week.frame)).toEqual([]);

    // Bad school Wi-Fi: the rest is typed and saved offline.
    await browser.context.setOffline(true);
    await week.tap(
      form.getByRole('group', { name: criteria[1] }).getByRole('radio', { name: 'Seen, not yet' }),
    );
    await week.type(
      form.getByRole('textbox', { name: /^What pupils did/ }),
      'Most started the quiz within a minute',
    );
    await week.tap(form.getByRole('button', { name: 'Save observation' }));
    await week.waitForMessage(/Saved on this device/);
    // Back in signal: the browser says so, and what waited is sent without asking.
    await browser.context.setOffline(false);
    await week.waitForMessage(/^Saved\.$/);
    await week.teacherCard(SAM).getByText('Observed today').waitFor();
    await lms.page.close();
  });

  it('can observe with the keyboard alone: Tab, Space and Enter', async () => {
    const lms = await openLms();
    const week = new CoachWeek(await lms.launch(/Launch as coach/, 'text=Your teachers this week'));
    const keyboard = lms.page.keyboard;
    await week.frame.getByRole('tab', { name: 'This week' }).focus();
    await week.tabTo(new RegExp(`^Observe ${SAM}$`));
    await keyboard.press('Enter');
    const form = week.form(/^Observing Sam Okafor/);
    await week.tabTo(/^Quick note/);
    await keyboard.type('Keyboard only: clear countdown');
    await keyboard.press('Enter');
    await form.getByRole('listitem').filter({ hasText: 'Keyboard only: clear countdown' }).waitFor();
    await week.tabTo(/^Seen secure$/);
    await keyboard.press('Space');
    expect(await form.getByRole('radio', { name: 'Seen secure' }).first().isChecked()).toBe(true);
    await week.tabTo(/^Save observation$/);
    await keyboard.press('Enter');
    await week.waitForMessage(/^Saved\.$/);
    await lms.page.close();
  });

  it('holds the conversation: two rounds, the old step secured, the next one from a module', async () => {
    const lms = await openLms();
    const week = new CoachWeek(await lms.launch(/Launch as coach/, 'text=Your teachers this week'));
    week.resetCount();
    const started = performance.now();
    await week.tap(week.teacherCard(SAM).getByRole('button', { name: `Coaching conversation with ${SAM}` }));
    const form = week.form(/^Coaching conversation with Sam Okafor/);
    // Pre-filled from the step and the observation: the coach reads, keeps or edits.
    await form.getByRole('textbox', { name: /^2\. Precise praise 1/ }).waitFor();
    await week.tap(form.getByRole('radio', { name: 'Secured: set the next step' }));
    const picker = form.getByRole('combobox', { name: 'Or take the next step from a module' });
    await picker.focus();
    await picker.locator(`option[value="${next.id}"]`).waitFor({ state: 'attached' });
    await week.choose(picker, next.id);
    await week.tap(form.getByRole('button', { name: 'Fill from this module' }));
    // The module suggests probing questions: one tap adds one.
    await week.tap(form.getByRole('button', { name: `+ ${next.reflectionPrompts[0]}` }));
    expect(await form.getByRole('textbox', { name: /^3\. Probing questions/ }).inputValue()).toContain(
      next.reflectionPrompts[0],
    );
    await week.waitForMessage(/^Filled from/);
    expect(await form.getByRole('textbox', { name: /^Next action step/ }).inputValue()).toBe(
      next.actionStep.title,
    );
    // The coach models it in the meeting and records it for Sam to play back (the fake microphone).
    await week.tap(form.getByRole('radio', { name: 'I showed a model' }));
    await week.tap(form.getByRole('button', { name: 'Record the model' }));
    await week.tap(form.getByRole('button', { name: 'Stop recording' }));
    await form.getByText(/^Model recorded/).waitFor();
    for (const [round, mark, feedback] of [
      [1, 'Not yet', 'Names came after the countdown'],
      [2, 'Secure', 'Both names before 1'],
    ] as const) {
      await week.tap(form.getByRole('button', { name: '+ Add a round' }));
      const group = form.getByRole('group', { name: `Round ${round}` });
      await week.tap(group.getByRole('radio', { name: mark }).first());
      await week.type(group.getByRole('textbox', { name: /^Feedback/ }), feedback);
    }
    expect(await axeViolations(week.frame)).toEqual([]);
    await week.tap(form.getByRole('button', { name: 'Save conversation' }));
    await week.waitForMessage(/^Saved\.$/);
    Object.assign(cost, {
      ms: performance.now() - started,
      taps: week.taps,
      fields: week.fields,
      characters: week.characters,
    });
    console.log(`coaching conversation log: ${JSON.stringify(cost)}`);
    expect(week.interactions).toBeLessThanOrEqual(25);
    await week.teacherCard(SAM).getByText(next.actionStep.title).waitFor();
    await lms.page.close();
  });

  it("shows the new step and the check-back on Sam's page and on his lesson plan", async () => {
    const lms = await openLms();
    const teacher = await lms.launch(/Launch as teacher \(Sam Okafor\)/, 'text=Show pairing code');
    await teacher.getByRole('heading', { name: next.actionStep.title }).first().waitFor();
    await teacher
      .getByTestId('check-back')
      .filter({ hasText: /^Coach checks back/ })
      .waitFor();
    const record = teacher.getByRole('region', { name: 'Your coaching conversations' });
    await record.getByText('Step secured. Next:').waitFor();
    // The coach's recorded model is Sam's to play: fetched with his own token from the tool.
    await record.getByRole('button', { name: 'Load Your coach’s model (recording)' }).click();
    const model = record.getByLabel('Your coach’s model (recording)');
    await expect.poll(() => model.evaluate((audio: HTMLAudioElement) => audio.src)).toMatch(/^blob:/);
    expect(await axeViolations(teacher)).toEqual([]);
    await lms.page.close();

    const popup = await PopupPage.open(browser.context, extensionId);
    await popup.syncNow(/Up to date/);
    await popup.page.close();
    const docs = await browser.context.newPage();
    await docs.goto(DOC_URL);
    const overlay = new Overlay(docs);
    await overlay.waitForTitle(next.actionStep.title);
    await overlay.root
      .getByTestId('overlay-check-back')
      .filter({ hasText: /^Coach checks back/ })
      .waitFor();
    await docs.close();
  });

  it("sends the coach's digest by SMTP and puts the check-back in their calendar feed", async () => {
    const lms = await openLms();
    const week = new CoachWeek(await lms.launch(/Launch as coach/, 'text=Your teachers this week'));
    // Under the caseload: the digest email every morning, and a private calendar link.
    await week.tap(week.frame.getByText('Reminders', { exact: true }));
    const form = week.form(/^Reminders$/);
    await week.type(form.getByRole('textbox', { name: /^Email for the digest/ }), 'dana.rivera@demo.example');
    await week.tap(form.getByRole('radio', { name: 'Every morning' }));
    await week.tap(form.getByRole('button', { name: 'Save reminders' }));
    await week.waitForMessage(/^Reminders saved\.$/);
    await week.tap(week.frame.getByRole('button', { name: 'Make a calendar link' }));
    const link = week.frame.getByRole('textbox', { name: /^Your private calendar link/ });
    await link.waitFor();
    const feedUrl = await link.inputValue();
    expect(await axeViolations(week.frame)).toEqual([]);
    await lms.page.close();

    // The digest run on the morning of the check-back, a week on (the course's weekly rhythm).
    const checkBackMorning = new Date(Date.now() + 7 * 86_400_000);
    expect(await tool.reminders.sendDueDigests(checkBackMorning)).toEqual({ sent: 1, failed: 0 });
    const [mail] = inbox.to('dana.rivera@demo.example');
    expect(mail?.text).toContain(SAM);
    expect(mail?.text).toContain(next.actionStep.title);

    const ics = await (await fetch(feedUrl)).text();
    const events = new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents('vevent')
      .map((e) => new ICAL.Event(e));
    expect(events.map((event) => event.summary)).toContain(`Check back: ${SAM} — ${next.actionStep.title}`);
  });
});
