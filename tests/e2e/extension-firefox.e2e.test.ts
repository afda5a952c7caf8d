import type { Page } from 'puppeteer-core';
import type { Browser } from 'wxt/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_MATCHES, DEFAULT_SITES } from '../../extension/features/site-access/sites.ts';
import { API } from '../../shared/protocol/api.ts';
import { api } from '../harness/api-client.ts';
import { aSetStepChange, aStepInput } from '../harness/builders.ts';
import { launchAs } from '../harness/lti-launch.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolationsInFirefox, launchFirefox, type FirefoxSession } from './harness/firefox.ts';
import {
  ADDED_SITE_HOST,
  LESSON_PLAN_HOSTS,
  startFixtureSites,
  type FixtureSites,
} from './harness/fixture-sites.ts';
import { startTlsFront, type TlsFront } from './harness/tls-front.ts';
import { FirefoxOptionsPage, overlayHostCount, waitForOverlay } from './pages/extension-pages-firefox.ts';

// The Firefox MV3 build (.output/firefox-mv3) installed in Debian's Firefox ESR as a temporary
// add-on and driven over WebDriver BiDi: the teacher journeys of the Chromium tests, where Firefox
// differs (an event-page background that Firefox suspends, host permissions the user controls,
// registered content scripts, a sidebar instead of Chrome's side panel).

// The extension's own APIs, inside its pages (page.evaluate on moz-extension://).
declare const browser: typeof Browser;

const DOC_URL = 'https://docs.google.com/document/d/firefox-lesson/edit';
const ADDED_SITE_URL = `https://${ADDED_SITE_HOST}/year-9/fractions`;
const COACH_HOST = 'coach.example.org';
const TEACHER = 'demo-teacher-okafor';
const STEP = aStepInput({
  title: 'Cold call after wait time',
  successCriteria: ['Ask, pause three seconds, then name', 'Every pupil writes first'],
  whenToPractise: 'Period 2, Year 9 maths',
});

let sites: FixtureSites;
let tool: TestServer;
let coachServer: TlsFront;
let firefox: FirefoxSession;

async function openTab(url: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/**
 * After `load`, waits for the page's next two idle periods: Firefox injects `document_idle`
 * content scripts when the loaded document first goes idle, so by then a script that was going
 * to run has run. The "shows" check below uses the same wait, so "does not show" is not vacuous.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestIdleCallback(() => requestIdleCallback(() => resolve()))),
  );
}

beforeAll(async () => {
  sites = await startFixtureSites();
  tool = await startTestServer();
  // The coaching server as teachers reach it: https on its own hostname.
  coachServer = await startTlsFront({ hosts: [COACH_HOST], backendPort: Number(new URL(tool.url).port) });
  firefox = await launchFirefox({
    hostMaps: [
      { hosts: [...LESSON_PLAN_HOSTS, ADDED_SITE_HOST], port: sites.port },
      { hosts: [COACH_HOST], port: coachServer.port },
    ],
    // Short, so the background is suspended between steps as it is between a teacher's clicks.
    backgroundIdleMs: 1_000,
    keepWelcome: true,
  });
  const options = await FirefoxOptionsPage.open(firefox);
  await options.saveLocalStep(STEP);
  await options.page.close();
});
afterAll(async () => {
  await firefox?.close();
  await coachServer?.close();
  await tool?.close();
  await sites?.close();
});

/** Every default site's id → `access`, as the options page's rows say it. */
const allSites = (access: string) => Object.fromEntries(DEFAULT_SITES.map((site) => [site.id, access]));

describe('the Firefox MV3 build in Firefox ESR', () => {
  it('opened the welcome page when it was installed: three steps, no axe violations', async () => {
    const welcome = firefox.welcome!;
    const shown = await welcome.evaluate(() => ({
      title: document.title,
      steps: [...document.querySelectorAll('main > ol > li h2')].map((heading) =>
        heading.textContent?.trim(),
      ),
    }));
    expect(shown).toEqual({
      title: 'Welcome to Action Step Coach',
      steps: ['Your step, beside your planning', 'Connect to your coaching server', 'Where it works'],
    });
    expect(await axeViolationsInFirefox(welcome)).toEqual([]);
    await welcome.close();
  });

  it('says every default site is on after install, as Firefox grants them, with nothing to allow', async () => {
    const options = await FirefoxOptionsPage.open(firefox);
    await expect.poll(() => options.siteAccess()).toEqual(allSites('granted'));
    expect(await options.page.$('button[aria-label^="Allow on"]')).toBeNull();
    await options.page.close();
  });

  it('shows the step saved in the options page on a Google Docs page that enforces Trusted Types', async () => {
    // Firefox MV3 treats content-script hosts as host permissions the user can withhold; at
    // install they are granted, and the overlay depends on it.
    const options = await FirefoxOptionsPage.open(firefox);
    expect(await options.hasHostPermission(...DEFAULT_SITE_MATCHES)).toBe(true);
    await options.page.close();

    const page = await openTab(DOC_URL);
    // The fixture's CSP is enforced: an overlay built with innerHTML would be refused here.
    const innerHtmlRefused = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    expect(innerHtmlRefused).toBe(true);

    const overlay = await waitForOverlay(page, STEP.title);
    expect(overlay.text).toContain(STEP.successCriteria[0]);
    expect(overlay.text).toContain(STEP.successCriteria[1]);
    expect(overlay.text).toContain(STEP.whenToPractise);
    expect(await overlayHostCount(page)).toBe(1);
    expect(await axeViolationsInFirefox(page, 'action-step-coach')).toEqual([]);
    await page.close();
  });

  it('wakes the suspended background (an event page in Firefox) to give a new page its step', async () => {
    const options = await FirefoxOptionsPage.open(firefox);
    await options.waitForBackgroundSuspended();
    const page = await openTab(DOC_URL);
    const overlay = await waitForOverlay(page, STEP.title);
    expect(overlay.text).toContain(STEP.whenToPractise);
    await page.close();
    await options.page.close();
  });

  it('adds a site the teacher names (host permission granted), shows the step there, and removes it', async () => {
    const options = await FirefoxOptionsPage.open(firefox);
    const origin = `https://${ADDED_SITE_HOST}/*`;
    expect(await options.hasHostPermission(origin)).toBe(false);
    const before = await openTab(ADDED_SITE_URL);
    await settled(before);
    expect(await overlayHostCount(before)).toBe(0);
    await before.close();

    // From a suspended background: the grant and the stored list must wake it to register.
    await options.waitForBackgroundSuspended();
    await options.addSite(ADDED_SITE_HOST);
    expect(await options.hasHostPermission(origin)).toBe(true);
    await options.page.waitForFunction(
      async (id) =>
        (await browser.scripting.getRegisteredContentScripts()).some((script) => script.id === id),
      { polling: 100 },
      `added-site:${ADDED_SITE_HOST}`,
    );

    const page = await openTab(ADDED_SITE_URL);
    await settled(page);
    expect(await overlayHostCount(page)).toBe(1);
    const overlay = await waitForOverlay(page, STEP.title);
    expect(overlay.text).toContain(STEP.whenToPractise);

    await options.waitForBackgroundSuspended();
    await options.removeSite(ADDED_SITE_HOST);
    await page.bringToFront();
    // The open page lets go at once; the registration and the permission go too.
    await page.waitForFunction(() => document.querySelector('action-step-coach') === null);
    await options.page.waitForFunction(
      async (id) =>
        !(await browser.scripting.getRegisteredContentScripts()).some((script) => script.id === id),
      { polling: 100 },
      `added-site:${ADDED_SITE_HOST}`,
    );
    expect(await options.addedSiteScripts()).toEqual([]);
    expect(await options.hasHostPermission(origin)).toBe(false);

    await page.reload({ waitUntil: 'load' });
    await settled(page);
    expect(await overlayHostCount(page)).toBe(0);
    await page.close();
    await options.page.close();
  });

  it('offers "Allow" when the user took a default site\'s access away, and shows the step again once allowed', async () => {
    const docs = DEFAULT_SITES.find((site) => site.id === 'google-docs')!;
    const options = await FirefoxOptionsPage.open(firefox);
    await options.withholdHostPermission(...docs.hosts);
    const withheld = await openTab(DOC_URL);
    await settled(withheld);
    expect(await overlayHostCount(withheld)).toBe(0);
    await withheld.close();
    // Docs alone says blocked; the sites Firefox still grants say on.
    await expect
      .poll(() => options.siteAccess())
      .toEqual({ ...allSites('granted'), 'google-docs': 'withheld' });

    // The open options page notices (permissions.onRemoved) and offers "Allow".
    await options.allowSite(docs.name);
    expect(await options.hasHostPermission(...docs.hosts)).toBe(true);
    await expect.poll(() => options.siteAccess()).toEqual(allSites('granted'));
    expect(await options.page.$(`button[aria-label="Allow on ${docs.name}"]`)).toBeNull();
    const page = await openTab(DOC_URL);
    await waitForOverlay(page, STEP.title);
    await page.close();
    await options.page.close();
  });

  it('arms a weekly reminder; when due, the woken background marks it and the popup snoozes it', async () => {
    const options = await FirefoxOptionsPage.open(firefox);
    await options.addReminder(2, '10:40', 'Added: Tuesdays 10:40.');
    const armed = await options.page.waitForFunction(
      async () => {
        const [alarm] = (await browser.alarms.getAll()).filter((a) => a.name.startsWith('reminder:'));
        if (!alarm) return null;
        const at = new Date(alarm.scheduledTime);
        return { day: at.getDay(), hours: at.getHours(), minutes: at.getMinutes(), future: at > new Date() };
      },
      { polling: 100 },
    );
    expect(await armed.jsonValue()).toEqual({ day: 2, hours: 10, minutes: 40, future: true });

    // Due now: the snooze alarm takes the same path as a weekly one, and wakes the event page.
    // Headless Firefox has no alert service, so the notification itself closes at once; what the
    // background records with it (the due reminder the popup answers) is what is checked here.
    await options.waitForBackgroundSuspended();
    await options.page.evaluate(() => browser.alarms.create('reminder-snooze', { when: Date.now() + 50 }));
    await options.page.waitForFunction(
      async () => ((await browser.storage.local.get('reminderDue')).reminderDue ?? null) !== null,
      { polling: 100 },
    );
    // Firefox notifications have no buttons: snooze and stop are in the popup.
    const popup = await firefox.openExtensionPage('popup.html');
    const snooze = await popup.waitForSelector('::-p-text(Snooze 10 minutes)');
    expect(await popup.$('::-p-text(Stop these reminders)')).not.toBeNull();
    expect(await axeViolationsInFirefox(popup)).toEqual([]);
    await snooze!.click();
    await options.page.waitForFunction(
      async () => ((await browser.storage.local.get('reminderDue')).reminderDue ?? null) === null,
      { polling: 100 },
    );
    const snoozed = await options.page.evaluate(() => browser.alarms.get('reminder-snooze'));
    expect(snoozed?.scheduledTime).toBeGreaterThan(Date.now() + 9 * 60_000);
    await popup.close();
    await options.page.close();
  });

  it('shows the step and a checklist of its success criteria in the sidebar page, keeping ticks', async () => {
    const sidebar = await firefox.openExtensionPage('sidepanel.html');
    await sidebar.waitForFunction(
      (title) => document.querySelector('.action-step-card .title')?.textContent?.trim() === title,
      {},
      STEP.title,
    );
    const criteria = await sidebar.$$eval('.checklist label', (labels) =>
      labels.map((label) => label.textContent?.trim()),
    );
    expect(criteria).toEqual(STEP.successCriteria);

    await sidebar.locator('.checklist input[type="checkbox"]').click();
    await sidebar.waitForFunction(
      () => document.querySelector<HTMLInputElement>('.checklist input[type="checkbox"]')?.checked === true,
    );
    await sidebar.close();

    const again = await firefox.openExtensionPage('sidepanel.html');
    const ticked = await again.waitForFunction(() => {
      const boxes = [...document.querySelectorAll<HTMLInputElement>('.checklist input[type="checkbox"]')];
      return boxes.length === 2 && boxes[0]!.checked ? boxes.map((box) => box.checked) : null;
    });
    expect(await ticked.jsonValue()).toEqual([true, false]);
    await again.close();
  });

  it("pairs with the https coaching server and shows the coach's step on the lesson plan", async () => {
    const coach = (await launchAs(tool.url, 'demo-coach-rivera')).bootstrap!.sessionToken;
    const teacher = (await launchAs(tool.url, TEACHER)).bootstrap!.sessionToken;
    const set = await api(tool.url, API.syncPush, {
      token: coach,
      body: { changes: [aSetStepChange(TEACHER, { title: 'Narrate the positive first' })] },
    });
    expect(set.body.results[0].status).toBe('applied');
    const code = await api(tool.url, API.pairingCodes, { method: 'POST', token: teacher });
    expect(code.status).toBe(201);

    const options = await FirefoxOptionsPage.open(firefox);
    expect(await options.pair(`https://${COACH_HOST}`, code.body.code)).toContain('Sam Okafor');
    const page = await openTab(DOC_URL);
    await waitForOverlay(page, 'Narrate the positive first');
    expect(firefox.tunnels).toContain(`${COACH_HOST}:443`);
    await page.close();
    await options.page.close();
  });
});
