import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import type { CoachingModule } from '../../shared/domain/coaching/module.ts';
import { API } from '../../shared/protocol/api.ts';
import { serializeModules } from '../../lti-tool/modules/module-file.ts';
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
  referenceNames,
  VARIANTS,
  type Capture,
  type DarkCheck,
  type StateResult,
} from './harness/screenshot-capture.ts';
import { CoachPage } from './pages/coach-page.ts';
import { CoachWeek } from './pages/coaching-cycle.ts';
import { DemoLms } from './pages/demo-lms.ts';
import { OptionsPage, Overlay, PopupPage } from './pages/extension-pages.ts';
import { PracticePage } from './pages/practice-page.ts';

/**
 * Every page and state of the tool and the extension, in Chromium at 1280 and 360 px, light and
 * dark, against reviewed reference images in tests/e2e/screenshots/ (see harness/reference-images.ts
 * for the tolerance), each with axe-core's 0 violations. The data comes from the real flows: a
 * provider embeds two modules, the coach sets a step, a teacher practises two rounds and gets
 * feedback on the first. `npm run screenshots:update` rewrites the references after a change
 * to the pages; review the images before committing them.
 *
 * The tool's pages stay light inside the LMS on purpose (the LMS's chrome around them is light), and
 * so do the demo LMS's own: their dark captures must equal the light ones (within the tolerance),
 * and only the light references are kept. The extension's pages follow the browser's scheme and
 * keep all four. Firefox's captures are in screenshots-firefox.e2e.test.ts.
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

/** What the coach notes while watching Sam's lesson after lunch (observations describe teaching, never pupils). */
const OBSERVATION = {
  notes: [
    'Task on the board before the bell; greeting by name at the door',
    'Same instruction to each pupil: straight to your seat, question one',
    'Back table waited to be told again before starting',
  ],
  marks: ['Seen secure', 'Seen secure', 'Seen, not yet', 'Not seen'],
  pupilsDid: 'Most were writing within two minutes; the back table started once Sam went over.',
} as const;

/** The conversation the coach is writing after it, not yet saved. */
const CONVERSATION = {
  praise: 'Every pupil heard their name and the same sentence at the door, even the late two.',
  probing: 'What did the back table need from you that the others did not?',
  model:
    'I stood where you stand and greeted three pupils with your sentence, then thanked the first table quietly, by name.',
  round: {
    marks: ['Secure', 'Secure', 'Not yet', 'Not yet'],
    feedback: 'Same sentence each time; the thank-yous came once most were seated.',
  },
  checkBackOn: '2026-03-19',
} as const;

/** A module file a provider brings from elsewhere: two modules adapted from the starters, as JSON. */
const ADAPTED: readonly CoachingModule[] = [
  {
    ...first,
    id: 'our-school-calm-start',
    title: 'Our school: a calm start after lunch',
    phase: 'secondary',
  },
  {
    ...second,
    id: 'our-school-ask-pause-name',
    title: 'Our school: ask, pause, then name',
  },
];
const IMPORT_FILE = { name: 'our-school-modules.json', text: serializeModules(ADAPTED, 'json') };
/** The same file after a hasty edit: a phase the schema does not know and a step with no time to practise. */
const BROKEN_FILE = {
  name: 'our-school-modules-edited.json',
  text: (() => {
    const file = JSON.parse(IMPORT_FILE.text) as {
      modules: { phase: string; actionStep: Record<string, unknown> }[];
    };
    file.modules[0]!.phase = 'sixth form';
    delete file.modules[1]!.actionStep.whenToPractise;
    return `${JSON.stringify(file, null, 2)}\n`;
  })(),
};

/** Checked against the light capture (LTI tool and LMS pages) or its own dark references (extension pages). */
const LIGHT: DarkCheck = 'same as light';
const FOLLOWS: DarkCheck = 'reference';

/** Every state this file captures: a reference image on disk that is not one of them is stale. */
const STATES = {
  'deep-linking-picker': LIGHT,
  'deep-linking-picker-empty-pick': LIGHT,
  'teacher-no-step': LIGHT,
  'teacher-with-step': LIGHT,
  'teacher-pairing-link': LIGHT,
  'teacher-step-failed': LIGHT,
  'teacher-paired': LIGHT,
  'practice-practise': LIGHT,
  'practice-module': LIGHT,
  'practice-rounds': LIGHT,
  'practice-check-in': LIGHT,
  'practice-round-not-sent': LIGHT,
  'coach-this-week': LIGHT,
  'coach-observation-form': LIGHT,
  'coach-conversation-form': LIGHT,
  'coach-review-round-open': LIGHT,
  'coach-action-steps': LIGHT,
  'coach-history': LIGHT,
  'provider-library': LIGHT,
  'provider-editor': LIGHT,
  'provider-editor-module': LIGHT,
  'provider-import-export': LIGHT,
  'provider-import-results': LIGHT,
  'provider-import-problems': LIGHT,
  'provider-activity': LIGHT,
  'provider-programme': LIGHT,
  'launch-error-unverified': LIGHT,
  'launch-error-cookie-blocked': LIGHT,
  'demo-lms-gradebook': LIGHT,
  'extension-welcome': FOLLOWS,
  'extension-options-not-connected': FOLLOWS,
  'extension-overlay-connect-hint': FOLLOWS,
  'extension-options-connected': FOLLOWS,
  'extension-options-reminders': FOLLOWS,
  'extension-popup': FOLLOWS,
  'extension-popup-offline': FOLLOWS,
  'extension-sidepanel': FOLLOWS,
  'extension-overlay': FOLLOWS,
} as const satisfies Record<string, DarkCheck>;
type State = keyof typeof STATES;

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
  const result = await captureState(state, target, { dark: STATES[state] });
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

/** Takes focus off the field typed in last: its caret, selection and focus ring are not the state. */
async function blur(frame: Frame): Promise<void> {
  await frame.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

const asTeacher = (name: string) => new RegExp(`^Launch as teacher \\(${name}\\)`);
const moduleAsTeacher = (name: string) => new RegExp(`^Launch “${first.title}” as teacher \\(${name}\\)`);

beforeAll(async () => {
  clearDiffs('chromium');
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

  it("the coach's records: an observation being written, then the conversation after it", async () => {
    const frame = await launch(/^Launch as coach/, 'text=Your teachers this week');
    const week = new CoachWeek(frame);
    await week
      .teacherCard(SAM)
      .getByRole('button', { name: `Observe ${SAM}` })
      .click();
    const observation = week.form(new RegExp(`^Observing ${SAM}`));
    await observation.getByText(/never pupils/).waitFor();
    for (const note of OBSERVATION.notes) {
      await observation.getByRole('textbox', { name: /^Quick note/ }).fill(note);
      await observation.getByRole('button', { name: 'Add note' }).click();
      await observation.getByRole('listitem').filter({ hasText: note }).waitFor();
    }
    for (const [index, criterion] of criteria.entries()) {
      await observation
        .getByRole('group', { name: criterion, exact: true })
        .getByRole('radio', { name: OBSERVATION.marks[index]!, exact: true })
        .check();
    }
    await observation.getByRole('textbox', { name: /^What pupils did/ }).fill(OBSERVATION.pupilsDid);
    await blur(frame);
    const results = [await capture('coach-observation-form', lmsFrameCapture(lms.page, frame))];

    // Saved, so the conversation starts from it (its praise from the criteria seen secure).
    await backToDesktop();
    await observation.getByRole('button', { name: 'Save observation' }).click();
    await week.waitForMessage(/^Saved\.$/);
    await week.teacherCard(SAM).getByText('Observed today').waitFor();
    await week
      .teacherCard(SAM)
      .getByRole('button', { name: `Coaching conversation with ${SAM}` })
      .click();
    const conversation = week.form(new RegExp(`^Coaching conversation with ${SAM}`));
    await conversation.getByRole('textbox', { name: /^2\. Precise praise 1/ }).waitFor();
    await conversation.getByRole('button', { name: '+ 2. Precise praise' }).click();
    const praise = conversation.getByRole('textbox', { name: /^2\. Precise praise/ });
    await praise.last().fill(CONVERSATION.praise);
    await conversation.getByRole('textbox', { name: /^3\. Probing questions/ }).fill(CONVERSATION.probing);
    await conversation.getByRole('radio', { name: 'I showed a model' }).check();
    await conversation.getByRole('radio', { name: 'Performance (I acted it)' }).check();
    await conversation.getByRole('textbox', { name: /^What the model showed/ }).fill(CONVERSATION.model);
    await conversation.getByRole('radio', { name: 'Keep the current step: not yet secure' }).check();
    await conversation.getByRole('button', { name: '+ Add a round' }).click();
    const round = conversation.getByRole('group', { name: 'Round 1' });
    for (const [index, criterion] of criteria.entries()) {
      await round
        .getByRole('group', { name: criterion, exact: true })
        .getByRole('radio', { name: CONVERSATION.round.marks[index]!, exact: true })
        .check();
    }
    await round.getByRole('textbox', { name: /^Feedback/ }).fill(CONVERSATION.round.feedback);
    await conversation.getByLabel('Check back on').fill(CONVERSATION.checkBackOn);
    await blur(frame);
    results.push(await capture('coach-conversation-form', lmsFrameCapture(lms.page, frame)));
    expectClean(...results);
  });

  it("the provider's tabs: library, editor, import and export, activity, programme", async () => {
    const frame = await launch(/^Launch as provider/, 'text=Import and export');
    const results = [await capture('provider-library', lmsFrameCapture(lms.page, frame))];
    const tabs = [
      ['Editor', 'provider-editor'],
      ['Import and export', 'provider-import-export'],
      ['Activity', 'provider-activity'],
      // The demo course's three teachers are a group too small to show: the view says so.
      ['Programme', 'provider-programme'],
    ] as const;
    for (const [tab, state] of tabs) {
      await backToDesktop();
      await frame.getByRole('tab', { name: tab, exact: true }).click();
      results.push(await capture(state, lmsFrameCapture(lms.page, frame)));
    }
    expectClean(...results);
  });

  it("the provider's import results, a file with problems, and the editor with an imported module", async () => {
    const frame = await launch(/^Launch as provider/, 'text=Import and export');
    await frame.getByRole('tab', { name: 'Import and export', exact: true }).click();
    const importFile = async (file: { name: string; text: string }) => {
      await frame.getByLabel(/^Module file/).setInputFiles({
        name: file.name,
        mimeType: 'application/json',
        buffer: Buffer.from(file.text),
      });
      await frame.getByRole('button', { name: 'Import', exact: true }).click();
    };
    await importFile(IMPORT_FILE);
    await frame.getByText(/^Imported 2 modules\. Created:/).waitFor();
    const results = [await capture('provider-import-results', lmsFrameCapture(lms.page, frame))];

    await backToDesktop();
    await importFile(BROKEN_FILE);
    await frame
      .getByRole('alert')
      .filter({ hasText: /^Nothing was imported/ })
      .waitFor();
    results.push(await capture('provider-import-problems', lmsFrameCapture(lms.page, frame)));

    // The provider opens one of the imported modules from the library and edits it.
    await backToDesktop();
    await frame.getByRole('tab', { name: 'Library', exact: true }).click();
    await frame.getByRole('searchbox', { name: 'Search modules' }).fill('Our school');
    await frame.getByRole('button', { name: 'Search', exact: true }).click();
    await frame.getByRole('button', { name: ADAPTED[0]!.title, exact: true }).click();
    await frame.getByRole('button', { name: 'Edit this module' }).click();
    await frame.getByRole('heading', { name: `Editing “${ADAPTED[0]!.title}” (version 1)` }).waitFor();
    results.push(await capture('provider-editor-module', lmsFrameCapture(lms.page, frame)));
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

  it('the teacher page once a browser is paired: the connected browser listed', async () => {
    // A device's pairing time is the database's own timestamp (its createdAt), not the tool's clock
    // that every other date on these pages follows: shown at the week's time, so the image holds.
    const devices = `${tool.url}${API.devices}`;
    await lms.page.route(devices, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { devices: { pairedAt: string }[] };
      expect(body.devices.map((device) => Number.isNaN(Date.parse(device.pairedAt)))).toEqual([false]);
      for (const device of body.devices) device.pairedAt = WEEK.captured;
      await route.fulfill({ response, json: body });
    });
    try {
      const frame = await launch(asTeacher(SAM), 'text=Show pairing code');
      await frame.getByText('Each browser you paired can see your action step.', { exact: false }).waitFor();
      const paired = await capture('teacher-paired', lmsFrameCapture(lms.page, frame));
      expectClean(paired);
    } finally {
      await lms.page.unroute(devices);
    }
  });

  it("the extension's reminders, with one set", async () => {
    const options = await OptionsPage.open(browser.context, browser.extensionId!);
    const section = options.page.locator('section[aria-labelledby="reminders-heading"]');
    await options.page.getByRole('combobox', { name: 'Day' }).selectOption({ label: 'Tuesday' });
    await options.page.getByLabel('Time').fill('13:05');
    await options.page.getByRole('button', { name: 'Add reminder' }).click();
    await section.getByText('Added: Tuesdays 13:05.').waitFor();
    const reminders = await capture(
      'extension-options-reminders',
      pageCapture(options.page, { shot: { element: section } }),
    );
    await options.page.close();
    expectClean(reminders);
  });

  it('offline: a practice round that cannot be sent, and the popup when the server cannot be reached', async () => {
    const frame = await launch(moduleAsTeacher(SAM), 'text=Submit round');
    const practice = new PracticePage(frame);
    await practice
      .script()
      .fill(
        'Eyes on me in three, two, one. Thank you, Jordan; thank you, table two. Question one, pens ready.',
      );
    await practice.selfAssess(
      criteria.map(() => 'Secure'),
      criteria,
    );
    await practice.waitForDraftSaved();
    // The school Wi-Fi drops as Sam presses Submit.
    await browser.context.setOffline(true);
    try {
      await frame.getByRole('button', { name: 'Submit round' }).click();
      await frame.getByRole('button', { name: 'Try sending again' }).waitFor();
      const notSent = await capture('practice-round-not-sent', lmsFrameCapture(lms.page, frame));
      expectClean(notSent);
    } finally {
      await browser.context.setOffline(false);
    }

    // The coaching server is out of reach for the extension's background (its fetches fail).
    await browser.context.route(`${tool.url}/**`, (route) => route.abort('internetdisconnected'));
    try {
      const popup = await PopupPage.open(browser.context, browser.extensionId!);
      await popup.syncNow(/^Offline/);
      const offline = await capture(
        'extension-popup-offline',
        pageCapture(popup.page, { shot: { element: popup.page.getByRole('main') } }),
      );
      await popup.page.close();
      expectClean(offline);
    } finally {
      await browser.context.unroute(`${tool.url}/**`);
    }
  });

  it('launch errors in the LMS frame: a launch that cannot be verified, and a blocked cookie', async () => {
    await backToDesktop();
    // A launch form posted again after its login expired (a stale tab, a resubmitted page).
    await lms.page.evaluate((action) => {
      document.querySelector<HTMLIFrameElement>('iframe[name="lms-frame"]')?.style.removeProperty('height');
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      form.target = 'lms-frame';
      for (const [name, value] of [
        ['id_token', 'eyJhbGciOiJSUzI1NiJ9.eyJub25jZSI6InN0YWxlIn0.c3RhbGU'],
        ['state', 'c-expired-login-state'],
      ] as const) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
      form.remove();
    }, `${tool.url}/lti/launch`);
    const errorFrame = () => lms.page.frames().find((frame) => frame.name() === 'lms-frame')!;
    await lms.page
      .frameLocator('iframe[name="lms-frame"]')
      .getByRole('heading', { name: 'This launch could not be verified' })
      .waitFor();
    const results = [
      await capture('launch-error-unverified', lmsFrameCapture(lms.page, errorFrame(), undefined, 'lms')),
    ];

    // A browser that refuses the tool's cookie inside the LMS frame, on an LMS without platform
    // storage (as Moodle): the login's Set-Cookie is dropped, as the browser would drop it.
    await backToDesktop();
    await lms.open({ platformStorage: false });
    await lms.page.route('**/lti/login?**', async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      // route.fetch keeps the response's cookies in the context: the browser "refused" them.
      await browser.context.clearCookies({ name: /^lti_state_/ });
      const headers = { ...response.headers() };
      delete headers['set-cookie'];
      await route.fulfill({ response, headers });
    });
    try {
      await lms.page.getByRole('link', { name: asTeacher(SAM) }).click();
      await lms.page
        .frameLocator('iframe[name="lms-frame"]')
        .getByRole('link', { name: 'Open in a new window' })
        .waitFor();
      results.push(
        await capture(
          'launch-error-cookie-blocked',
          lmsFrameCapture(lms.page, errorFrame(), undefined, 'lms'),
        ),
      );
    } finally {
      await lms.page.unroute('**/lti/login?**');
      await lms.open();
    }
    expectClean(...results);
  });

  it("the demo LMS's gradebook once the tool has sent its grades", async () => {
    await tool.grades.processDue();
    await backToDesktop();
    await lms.page.goto(`${tool.url}/demo/gradebook`);
    await lms.page.getByRole('table').waitFor();
    const gradebook = await capture('demo-lms-gradebook', pageCapture(lms.page, { shot: 'full page' }));
    await lms.open();
    expectClean(gradebook);
  });

  it('keeps no reference image that no state produces', () => {
    const shots = captured.flatMap((result) => result.comparisons).length;
    const second = captured.flatMap((result) => result.secondLooks);
    console.info(
      `${updatingReferences() ? 'wrote' : 'compared'} ${shots} screenshots of ${captured.length} states` +
        (second.length ? `; shot again once steady: ${second.join(', ')}` : ''),
    );
    const expected = new Set(Object.entries(STATES).flatMap(([state, dark]) => referenceNames(state, dark)));
    const orphans = orphanReferences(expected, 'chromium');
    if (updatingReferences()) removeReferences(orphans);
    else
      expect(
        orphans,
        `stale reference images (no state produces them): run "${UPDATE_COMMAND}" to remove them`,
      ).toEqual([]);
  });
});
