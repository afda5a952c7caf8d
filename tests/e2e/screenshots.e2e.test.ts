import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import {
  clearDiffs,
  orphanReferences,
  removeReferences,
  UPDATE_COMMAND,
  updatingReferences,
} from './harness/reference-images.ts';
import {
  captureState,
  lmsFrameCapture,
  pageCapture,
  problems,
  VARIANTS,
  variantName,
  type Capture,
  type StateResult,
} from './harness/screenshot-capture.ts';
import { CoachPage } from './pages/coach-page.ts';
import { DemoLms } from './pages/demo-lms.ts';
import { OptionsPage, Overlay } from './pages/extension-pages.ts';
import { PracticePage } from './pages/practice-page.ts';

/**
 * Every page and state of the tool and the extension, in Chromium at 1280 and 360 px, light and
 * dark, against reviewed reference images in tests/e2e/screenshots/ (see harness/reference-images.ts
 * for the tolerance), each with axe-core's 0 violations. The data comes from the real flows: a
 * provider embeds two modules, the coach sets a step, a teacher practises two rounds and gets
 * feedback on the first. `npm run screenshots:update` rewrites the references after a change
 * to the pages; review the images before committing them.
 *
 * The tool's pages stay light inside the LMS on purpose (the LMS's chrome around them is light);
 * their dark captures record that. The extension's pages follow the browser's scheme.
 */

const SAM = 'Sam Okafor';
const PRIYA = 'Priya Shah';
const DOC_URL = 'https://docs.google.com/document/d/1screenshots/edit';
const starter = loadStarterModules();
const first = starter.find((module) => module.id === 'starter-calm-entry-routine')!;
const second = starter.find((module) => module.id === 'starter-ask-pause-then-name')!;
const criteria = first.actionStep.successCriteria;

/**
 * One school week, London time. The tool's clock and the pages' clocks are set together at each
 * step, so dates, "2 days ago" and the pairing code's expiry read the same on every run.
 */
const WEEK = {
  monday: '2026-03-09T09:00:00Z',
  roundOne: '2026-03-10T16:30:00Z',
  feedback: '2026-03-11T07:45:00Z',
  roundTwo: '2026-03-11T17:05:00Z',
  captured: '2026-03-12T08:15:00Z',
} as const;

const FEEDBACK = {
  'Precise praise':
    'You stood in the doorway and every pupil heard the same instruction: “straight to your seat, question one”. Jordan and Amira were thanked by name within the first minute.',
  'One probing question':
    'The task went up as the first pupils arrived. What would putting it on the board before lunch change for the first table?',
  'One next step':
    'Put the three questions up before you go to lunch, then rehearse the greeting once more with the task already on the board.',
} as const;

/** Every state this file captures: a reference image on disk that is not one of them is stale. */
const STATES = [
  'deep-linking-picker',
  'deep-linking-picker-empty-pick',
  'teacher-no-step',
  'teacher-with-step',
  'teacher-pairing-link',
  'teacher-step-failed',
  'practice-practise',
  'practice-module',
  'practice-rounds',
  'practice-check-in',
  'coach-this-week',
  'coach-review-round-open',
  'coach-action-steps',
  'coach-history',
  'provider-library',
  'provider-editor',
  'provider-import-export',
  'provider-activity',
  'extension-welcome',
  'extension-options-not-connected',
  'extension-overlay-connect-hint',
  'extension-options-connected',
  'extension-popup',
  'extension-sidepanel',
  'extension-overlay',
] as const;
type State = (typeof STATES)[number];

const clock = { now: new Date(WEEK.monday) };
let tool: TestServer;
let sites: FixtureSites;
let browser: BrowserSession;
/** The one LMS page every tool page is launched in, as a course page in one tab. */
let lms: DemoLms;
/** The code Sam's teacher page showed, for the extension to pair with. */
let pairingCode = '';

async function setTime(iso: string): Promise<void> {
  clock.now = new Date(iso);
  await browser.context.clock.setFixedTime(clock.now);
}

/** Every state captured so far, for the summary at the end. */
const captured: StateResult[] = [];

async function capture(state: State, target: Capture): Promise<StateResult> {
  const result = await captureState(state, target);
  captured.push(result);
  return result;
}

/** Fails with every mismatch and axe violation of these states, one a line. */
function expectClean(...results: StateResult[]): void {
  const found = problems(results);
  if (found) throw new Error(`\n${found}`);
}

/** Back to the desktop size, light, before the next click: every state starts from the same layout. */
async function backToDesktop(): Promise<void> {
  await lms.page.setViewportSize({ width: VARIANTS[0].width, height: VARIANTS[0].height });
  await lms.page.emulateMedia({ colorScheme: 'light' });
}

/** Launches from the course page (at desktop size) and waits for the tool's page. */
async function launch(label: RegExp, ready: string): Promise<Frame> {
  await backToDesktop();
  return lms.launch(label, ready);
}

const asTeacher = (name: string) => new RegExp(`^Launch as teacher \\(${name}\\)`);
const moduleAsTeacher = (name: string) => new RegExp(`^Launch “${first.title}” as teacher \\(${name}\\)`);

beforeAll(async () => {
  clearDiffs();
  tool = await startTestServer({ builtAssets: true, now: () => clock.now });
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
    keepWelcome: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  await setTime(WEEK.monday);
  lms = new DemoLms(await browser.context.newPage(), tool.url);
  await lms.open();
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await tool?.close();
});

describe('screenshots of every page and state, in Chromium', () => {
  it('the deep-linking picker, and its refusal of an empty pick (then two modules are added)', async () => {
    const page = lms.page;
    await page.getByRole('link', { name: /^Add activities as provider/ }).click();
    await page.getByRole('heading', { name: 'Add a coaching activity' }).waitFor();
    // The viewport, as a provider sees it: the list runs on below, the Add bar stays in view.
    const picker = await capture('deep-linking-picker', pageCapture(page, { shot: 'viewport' }));

    await backToDesktop();
    await page.getByRole('button', { name: 'Add to course' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /^Choose at least one/ })
      .waitFor();
    const refused = await capture('deep-linking-picker-empty-pick', pageCapture(page, { shot: 'viewport' }));

    for (const title of [first.title, second.title])
      await page.getByRole('checkbox', { name: title }).check();
    await page.getByRole('button', { name: 'Add to course' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/demo'));
    await page.getByRole('heading', { level: 3, name: first.title, exact: true }).waitFor();
    expectClean(picker, refused);
  });

  it('seeds the week: a step set, two rounds practised, feedback on the first', async () => {
    const coach = new CoachPage(await launch(/^Launch as coach/, `text=${SAM}`));
    await coach.chooseTeacher(SAM);
    await coach.setStepFromModule(first.id);

    await setTime(WEEK.roundOne);
    let practice = new PracticePage(await launch(moduleAsTeacher(SAM), 'text=Submit round'));
    await practice
      .script()
      .fill('Eyes on me in three, two, one. Thank you, Jordan; thank you, Amira. Pens down.');
    await practice.selfAssess(
      criteria.map((_, index) => (index === 0 ? 'Not yet' : 'Secure')),
      criteria,
    );
    await practice.submit(1);

    // Feedback in the coach's own words (the criteria start from Sam's self-assessment).
    await setTime(WEEK.feedback);
    const reviewer = await launch(/^Launch as coach/, 'text=Review queue');
    await new CoachPage(reviewer).openTab('Review queue');
    const item = reviewer.getByRole('button', { name: `${SAM}, ${first.title}, round 1` });
    await item.click();
    const form = reviewer.getByRole('form', { name: `Feedback for ${SAM}, round 1` });
    for (const [field, text] of Object.entries(FEEDBACK))
      await form.getByRole('textbox', { name: field }).fill(text);
    await form.getByRole('button', { name: 'Send feedback' }).click();
    await item.waitFor({ state: 'detached' });

    await setTime(WEEK.roundTwo);
    practice = new PracticePage(await launch(moduleAsTeacher(SAM), 'text=Submit round'));
    await practice
      .script()
      .fill('Eyes on me in three, two, one. I wait for silence, then: thank you, Jordan. Pens down.');
    await practice.selfAssess(
      criteria.map(() => 'Secure'),
      criteria,
    );
    await practice.submit(2);
    await setTime(WEEK.captured);
  });

  it('the teacher page: no step yet, a step, the pairing link, and a step that cannot load', async () => {
    const empty = await launch(asTeacher(PRIYA), 'text=Show pairing code');
    const noStep = await capture('teacher-no-step', lmsFrameCapture(lms.page, empty));

    const frame = await launch(asTeacher(SAM), 'text=Show pairing code');
    await frame.getByRole('heading', { name: first.actionStep.title }).first().waitFor();
    const withStep = await capture('teacher-with-step', lmsFrameCapture(lms.page, frame));

    await frame.getByRole('button', { name: 'Show pairing code' }).click();
    const code = frame.getByTestId('pairing-code');
    await code.waitFor();
    pairingCode = ((await code.textContent()) ?? '').trim();
    // The link and the address carry the test server's port; the code is new each time.
    const pairing = await capture(
      'teacher-pairing-link',
      lmsFrameCapture(lms.page, frame, () => [
        frame.getByTestId('pairing-link'),
        frame.getByTestId('server-address'),
        code,
      ]),
    );

    // The tool answers the step request with a server error: the page says so and offers a retry.
    await lms.page.route('**/api/me/step', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' }),
    );
    const failing = await launch(asTeacher(SAM), 'text=Show pairing code');
    await failing.getByRole('alert').waitFor();
    const failed = await capture('teacher-step-failed', lmsFrameCapture(lms.page, failing));
    await lms.page.unroute('**/api/me/step');
    expectClean(noStep, withStep, pairing, failed);
  });

  it("the practice page's tabs: latest feedback, the module, the rounds, check in and reflect", async () => {
    const frame = await launch(moduleAsTeacher(SAM), 'text=Submit round');
    const practice = new PracticePage(frame);
    await frame.getByRole('heading', { name: /^Latest feedback from your coach: round 1/ }).waitFor();
    const results = [await capture('practice-practise', lmsFrameCapture(lms.page, frame))];
    const tabs = [
      ['The module', 'practice-module'],
      ['Your rounds', 'practice-rounds'],
      ['Check in and reflect', 'practice-check-in'],
    ] as const;
    for (const [tab, state] of tabs) {
      await backToDesktop();
      await practice.openTab(tab);
      results.push(await capture(state, lmsFrameCapture(lms.page, frame)));
    }
    expectClean(...results);
  });

  it("the coach's tabs: this week, a round open for review, a teacher's step, history", async () => {
    const frame = await launch(/^Launch as coach/, 'text=Your teachers this week');
    const coach = new CoachPage(frame);
    const results = [await capture('coach-this-week', lmsFrameCapture(lms.page, frame))];

    await backToDesktop();
    await coach.openTab('Review queue');
    await frame.getByRole('button', { name: `${SAM}, ${first.title}, round 2` }).click();
    await frame.getByRole('form', { name: `Feedback for ${SAM}, round 2` }).waitFor();
    results.push(await capture('coach-review-round-open', lmsFrameCapture(lms.page, frame)));

    await backToDesktop();
    await coach.chooseTeacher(SAM);
    await frame.locator('[name="title"]').waitFor();
    results.push(await capture('coach-action-steps', lmsFrameCapture(lms.page, frame)));

    await backToDesktop();
    await coach.openTab('History');
    await frame.getByRole('combobox', { name: 'Teacher', exact: true }).selectOption({ label: SAM });
    await frame.getByTestId('history-privacy').waitFor();
    results.push(await capture('coach-history', lmsFrameCapture(lms.page, frame)));
    expectClean(...results);
  });

  it("the provider's tabs: library, editor, import and export, activity", async () => {
    const frame = await launch(/^Launch as provider/, 'text=Import and export');
    const results = [await capture('provider-library', lmsFrameCapture(lms.page, frame))];
    const tabs = [
      ['Editor', 'provider-editor'],
      ['Import and export', 'provider-import-export'],
      ['Activity', 'provider-activity'],
    ] as const;
    for (const [tab, state] of tabs) {
      await backToDesktop();
      await frame.getByRole('tab', { name: tab, exact: true }).click();
      results.push(await capture(state, lmsFrameCapture(lms.page, frame)));
    }
    expectClean(...results);
  });

  it('the extension before it is connected: welcome page, options page, the hint on a lesson plan', async () => {
    const welcome = browser.welcome!;
    await welcome.getByRole('heading', { name: 'Welcome to Action Step Coach' }).waitFor();
    const results = [await capture('extension-welcome', pageCapture(welcome, { shot: 'full page' }))];

    const options = await OptionsPage.open(browser.context, browser.extensionId!);
    await options.page.getByRole('button', { name: 'Enter the address and code instead' }).waitFor();
    results.push(
      await capture(
        'extension-options-not-connected',
        // Not connected, the status line says so (no sync time to mask).
        pageCapture(options.page, { shot: 'full page' }),
      ),
    );

    const docs = await browser.context.newPage();
    await docs.goto(DOC_URL);
    const hint = docs
      .locator('action-step-coach')
      .getByRole('button', { name: 'Connect to see your action step' });
    await hint.waitFor();
    results.push(
      await capture(
        'extension-overlay-connect-hint',
        pageCapture(docs, { shot: 'viewport', axeInclude: 'action-step-coach' }),
      ),
    );
    await docs.close();

    // Sam pairs with the code his teacher page showed.
    await options.page.setViewportSize({ width: VARIANTS[0].width, height: VARIANTS[0].height });
    expect(await options.pair(tool.url, pairingCode)).toContain(SAM);
    await options.page.getByRole('heading', { name: first.actionStep.title }).waitFor();
    results.push(
      await capture(
        'extension-options-connected',
        pageCapture(options.page, {
          shot: 'full page',
          mask: () => [
            options.page.getByTestId('sync-status'),
            options.page.getByTestId('paired-as').locator('strong').last(),
            options.page.getByTestId('pair-status'),
          ],
        }),
      ),
    );
    await options.page.close();
    expectClean(...results);
  });

  it('the extension once connected: popup, side panel, the step on a lesson plan', async () => {
    const id = browser.extensionId!;
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await popup.getByRole('heading', { name: first.actionStep.title }).waitFor();
    // The popup window fits its content: that, not a whole tab.
    const results = [
      await capture(
        'extension-popup',
        pageCapture(popup, {
          shot: { element: popup.getByRole('main') },
          mask: () => [popup.getByTestId('sync-status')],
        }),
      ),
    ];
    await popup.close();

    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${id}/sidepanel.html`);
    await panel.getByRole('heading', { name: first.actionStep.title }).waitFor();
    results.push(
      await capture(
        'extension-sidepanel',
        pageCapture(panel, { shot: 'full page', mask: () => [panel.getByTestId('sync-status')] }),
      ),
    );
    await panel.close();

    const docs = await browser.context.newPage();
    await docs.goto(DOC_URL);
    await new Overlay(docs).waitForTitle(first.actionStep.title);
    results.push(
      await capture(
        'extension-overlay',
        pageCapture(docs, { shot: 'viewport', axeInclude: 'action-step-coach' }),
      ),
    );
    await docs.close();
    expectClean(...results);
  });

  it('keeps no reference image that no state produces', () => {
    const shots = captured.flatMap((result) => result.comparisons).length;
    const second = captured.flatMap((result) => result.secondLooks);
    console.info(
      `${updatingReferences() ? 'wrote' : 'compared'} ${shots} screenshots of ${captured.length} states` +
        (second.length ? `; shot again once steady: ${second.join(', ')}` : ''),
    );
    const expected = new Set(
      STATES.flatMap((state) => VARIANTS.map((variant) => variantName(state, variant))),
    );
    const orphans = orphanReferences(expected);
    if (updatingReferences()) removeReferences(orphans);
    else
      expect(
        orphans,
        `stale reference images (no state produces them): run "${UPDATE_COMMAND}" to remove them`,
      ).toEqual([]);
  });
});
