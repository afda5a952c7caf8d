import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { CoachPage } from './pages/coach-page.ts';
import { DemoLms } from './pages/demo-lms.ts';
import { OptionsPage, Overlay } from './pages/extension-pages.ts';
import { PracticePage } from './pages/practice-page.ts';
import { TeacherPage } from './pages/teacher-page.ts';

const DOC_URL = 'https://docs.google.com/document/d/1practiceDoc/edit';
const SAM = { name: 'Sam Okafor', id: 'demo-teacher-okafor' };
const starter = loadStarterModules();
const first = starter.find((module) => module.theme === 'routines-and-behaviour')!;
const second = starter.find((module) => module.theme === 'questioning-and-checking')!;
const criteria = first.actionStep.successCriteria;

let tool: TestServer;
let sites: FixtureSites;
let browser: BrowserSession;

beforeAll(async () => {
  tool = await startTestServer({ builtAssets: true });
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
});

async function openLms(): Promise<DemoLms> {
  const lms = new DemoLms(await browser.context.newPage(), tool.url);
  await lms.open();
  return lms;
}

describe('practice modules through the demo LMS, in Chromium', () => {
  it('a provider admin deep-links two modules into the course in one pick', async () => {
    const lms = await openLms();
    const note = await lms.addModules(/^Add activities as provider/, '', [first.title, second.title]);
    expect(note).toContain('Added 2 activities');
    await lms.page.getByRole('heading', { name: first.title, exact: true }).waitFor();
    await lms.page.getByRole('heading', { name: second.title, exact: true }).waitFor();
    await lms.page.close();
  });

  it('a trainee practises two rounds, with a recording, and a reload mid-round loses nothing', async () => {
    const lms = await openLms();
    const launchSam = () =>
      lms.launch(new RegExp(`^Launch “${first.title}” as teacher \\(${SAM.name}\\)`), 'text=Submit round');
    let practice = new PracticePage(await launchSam());
    await practice.frame.getByRole('heading', { level: 1, name: first.title }).waitFor();
    expect(await axeViolations(practice.frame)).toEqual([]);

    await practice.script().fill('Eyes on me in three, two, one. Thank you, Jordan, pens down.');
    expect(await practice.record()).toMatch(/Recording ready/);
    await practice.selfAssess(
      criteria.map((_, i) => (i === 0 ? 'Not yet' : 'Secure')),
      criteria,
    );
    await practice.waitForDraftSaved();

    // The LMS page reloads mid-round: a fresh launch, same person, same activity.
    await lms.page.reload();
    practice = new PracticePage(await launchSam());
    await expect.poll(() => practice.script().inputValue()).toContain('Thank you, Jordan');
    await practice.frame.getByText(/^Recording ready/).waitFor();
    expect(await practice.judgementOf(criteria[0]!, 'Not yet')).toBe(true);
    expect(await practice.judgementOf(criteria[1]!, 'Secure')).toBe(true);

    await practice.submit(1);
    await practice.script().fill('Eyes on me in three, two, one. I wait for silence, then: pens down.');
    await practice.selfAssess(
      criteria.map(() => 'Secure'),
      criteria,
    );
    await practice.submit(2);
    // The recording went with round 1: a player (or its load button) is in the timeline.
    await practice.openTab('Your rounds');
    const round1 = practice.round(1);
    const recording = round1
      .getByLabel('Recording of round 1')
      .or(round1.getByRole('button', { name: 'Play the recording of round 1' }));
    expect(await recording.count()).toBeGreaterThan(0);
    expect(await axeViolations(practice.frame)).toEqual([]);
    await lms.page.close();
  });

  it('the coach gives feedback from the queue and the gradebook shows it graded (FullyGraded)', async () => {
    const lms = await openLms();
    const frame = await lms.launch(new RegExp(`^Launch “${first.title}” as coach`), 'text=Review queue');
    const coach = new CoachPage(frame);
    await coach.reviewOldest(SAM.name, first.title, 1, { withRecording: true });
    expect(await axeViolations(frame)).toEqual([]);
    await coach.reviewOldest(SAM.name, first.title, 2, { keyboard: true });

    const delivered = await tool.grades.processDue();
    expect(delivered).toEqual({ sent: 4, retrying: 0, failed: 0 });
    // Round 2 (every criterion secure, from the template) was reviewed last: its score stands.
    expect(await lms.gradebookCell(first.title, SAM.id)).toBe('100 / 100, graded');
    await lms.page.close();
  });

  it('at 320 px wide every page fits its frame without sideways scrolling and passes axe', async () => {
    const lms = await openLms();
    await lms.page.setViewportSize({ width: 320, height: 720 });
    const pages = [
      [new RegExp(`^Launch “${first.title}” as teacher \\(${SAM.name}\\)`), 'text=Submit round'],
      [new RegExp(`^Launch “${first.title}” as coach`), 'text=Review queue'],
      [/^Launch as provider/, 'text=Import and export'],
    ] as const;
    for (const [label, ready] of pages) {
      const frame = await lms.launch(label, ready);
      const overflow = await frame.evaluate(() => {
        const root = document.documentElement;
        return { scroll: root.scrollWidth, client: root.clientWidth };
      });
      expect(overflow.client).toBeLessThanOrEqual(320);
      expect(overflow.scroll, String(label)).toBeLessThanOrEqual(overflow.client);
      expect(await axeViolations(frame)).toEqual([]);
    }
    await lms.page.close();
  });

  it("the coach sets Sam's step from the module and his extension overlay shows it", async () => {
    const lms = await openLms();
    const coach = new CoachPage(await lms.launch(/^Launch as coach/, 'text=Sam Okafor'));
    await coach.chooseTeacher(SAM.name);
    await coach.setStepFromModule(first.id);

    const teacherFrame = await lms.launch(/^Launch as teacher \(Sam Okafor\)/, 'text=Show pairing code');
    await teacherFrame.getByRole('heading', { name: first.actionStep.title }).waitFor();
    const code = await new TeacherPage(teacherFrame).pairingCode();
    await lms.page.close();

    const options = await OptionsPage.open(browser.context, browser.extensionId!);
    expect(await options.pair(tool.url, code)).toContain(SAM.name);
    await options.page.close();

    const docs = await browser.context.newPage();
    await docs.goto(DOC_URL);
    const overlay = new Overlay(docs);
    await overlay.waitForTitle(first.actionStep.title);
    expect(await overlay.root.getByRole('listitem').allTextContents()).toEqual(criteria);
    await docs.close();
  });
});
