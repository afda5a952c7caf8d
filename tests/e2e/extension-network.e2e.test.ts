import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { api } from '../harness/api-client.ts';
import { aSetStepChange } from '../harness/builders.ts';
import { launchAs } from '../harness/lti-launch.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import { OptionsPage, Overlay, PopupPage } from './pages/extension-pages.ts';

const TEACHER = 'demo-teacher-okafor';
const STEP_TITLE = 'Narrate the positive during transitions';
const DOC_URL = 'https://docs.google.com/document/d/1netCAPture/edit';
/** Words that appear nowhere but in the lesson plan: if any request carries them, the page leaked. */
const SECRET_WORDS = ['Quokka', 'Zanzibar', 'Periwinkle'];
const SECRET_TEXT = `Private plan: ${SECRET_WORDS.join(' ')} seating for Year 8.`;

/**
 * Where the extension may talk to: only the paired server's pairing, sync and check-in endpoints,
 * and the teacher's own recent coach feedback (a GET after each sync).
 */
const ALLOWED_PATHS: ReadonlySet<string> = new Set([
  API.pair,
  API.syncPull,
  API.syncPush,
  API.currentDevice,
  PRACTICE_API.checkIns,
  API.extensionFeedback,
]);

interface Recorded {
  url: string;
  method: string;
  body: string;
  from: 'service-worker' | 'extension-page' | 'web-page';
}

let tool: TestServer;
let sites: FixtureSites;
let browser: BrowserSession;
const recorded: Recorded[] = [];

function record(request: Request): void {
  const frameUrl = request.serviceWorker() ? null : safeFrameUrl(request);
  // An extension page's own navigation starts from about:blank; its URL says whose it is.
  const extensionUrl = request.url().startsWith('chrome-extension://');
  recorded.push({
    url: request.url(),
    method: request.method(),
    body: request.postData() ?? '',
    from: request.serviceWorker()
      ? 'service-worker'
      : extensionUrl || frameUrl?.startsWith('chrome-extension://')
        ? 'extension-page'
        : 'web-page',
  });
}

function safeFrameUrl(request: Request): string | null {
  try {
    return request.frame().url();
  } catch {
    return null;
  }
}

beforeAll(async () => {
  tool = await startTestServer();
  sites = await startFixtureSites();
  browser = await launchBrowser({
    withExtension: true,
    hostMap: { hosts: LESSON_PLAN_HOSTS, port: sites.port },
  });
  // Chromium reports the extension's service-worker fetches here too (request.serviceWorker()).
  browser.context.on('request', record);

  const coach = (await launchAs(tool.url, 'demo-coach-rivera')).bootstrap!.sessionToken;
  await api(tool.url, API.roster, { token: coach });
  const pushed = await api(tool.url, API.syncPush, {
    token: coach,
    body: { changes: [aSetStepChange(TEACHER, { title: STEP_TITLE })] },
  });
  expect(pushed.body.results[0].status).toBe('applied');
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await tool?.close();
});

describe('what the extension sends over the network', () => {
  it('pairs, syncs and shows the overlay on a lesson plan with private text', async () => {
    const teacher = (await launchAs(tool.url, TEACHER)).bootstrap!.sessionToken;
    const code = await api(tool.url, API.pairingCodes, { method: 'POST', token: teacher });
    const options = await OptionsPage.open(browser.context, browser.extensionId!);
    expect(await options.pair(tool.url, code.body.code as string)).toContain('Sam Okafor');
    await options.page.close();

    const docs = await browser.context.newPage();
    // The lesson plan's own words, put into the editor and the title before the content script runs.
    await docs.addInitScript((text) => {
      document.addEventListener('DOMContentLoaded', () => {
        const editor = document.getElementById('editor');
        if (editor) editor.textContent = text;
        document.title = text;
      });
    }, SECRET_TEXT);
    await docs.goto(DOC_URL);
    await new Overlay(docs).waitForTitle(STEP_TITLE);
    expect(await docs.locator('#editor').textContent()).toBe(SECRET_TEXT);

    // A sync while the overlay is on the page.
    const popup = await PopupPage.open(browser.context, browser.extensionId!);
    await popup.syncNow(/Up to date/);
    await popup.page.close();
    await docs.reload();
    await new Overlay(docs).waitForTitle(STEP_TITLE);
    await docs.close();
  });

  it('sends "I planned for this" from the side panel to the coach once, through the sync’s outbox', async () => {
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId!}/sidepanel.html`);
    await panel.getByRole('heading', { name: STEP_TITLE }).waitFor();
    await panel.getByRole('textbox', { name: 'Add a line (optional)' }).fill('In the period 2 plan');
    await panel.getByRole('button', { name: 'I planned for this' }).click();

    // Only once the tool has stored it does the background mark it shared.
    await panel
      .getByTestId('recent-check-ins')
      .getByText(/Shared with your coach$/)
      .waitFor();
    const sent = () =>
      recorded.filter(
        (r) =>
          r.from === 'service-worker' &&
          r.method === 'POST' &&
          new URL(r.url).pathname === PRACTICE_API.checkIns,
      );
    await expect.poll(() => sent().length).toBe(1);
    expect(JSON.parse(sent()[0]!.body)).toMatchObject({ outcome: 'planned', note: 'In the period 2 plan' });
    await panel.close();
  });

  it('the service worker talked only to the paired server’s sync and pairing endpoints', () => {
    const worker = recorded.filter((r) => r.from === 'service-worker');
    // The capture works: the pull after pairing and the one from "Sync now" were both seen.
    expect(worker.filter((r) => new URL(r.url).pathname === API.syncPull).length).toBeGreaterThanOrEqual(2);
    for (const request of worker) {
      const url = new URL(request.url);
      expect(url.origin, request.url).toBe(tool.url);
      expect(ALLOWED_PATHS.has(url.pathname), request.url).toBe(true);
    }
  });

  it('extension pages loaded only their own files', () => {
    const pages = recorded.filter((r) => r.from === 'extension-page');
    expect(pages.length).toBeGreaterThan(0);
    for (const request of pages) {
      const url = new URL(request.url);
      const paired = url.origin === tool.url && ALLOWED_PATHS.has(url.pathname);
      expect(url.protocol === 'chrome-extension:' || paired, request.url).toBe(true);
    }
  });

  it('the lesson-plan page made no request beyond its own site, and the site saw only page loads', () => {
    const web = recorded.filter((r) => r.from === 'web-page');
    expect(web.some((r) => r.url === DOC_URL)).toBe(true);
    for (const request of web) {
      const url = new URL(request.url);
      expect(url.hostname, request.url).toBe('docs.google.com');
    }
    for (const line of sites.requests)
      expect(line).toMatch(/^GET docs\.google\.com\/(document\/d\/|favicon)/);
  });

  it('no request URL or body carries the page’s text', () => {
    expect(recorded.length).toBeGreaterThan(0);
    for (const request of recorded) {
      for (const word of SECRET_WORDS) {
        expect(request.url, request.url).not.toContain(word);
        expect(request.body, request.url).not.toContain(word);
      }
    }
  });
});
