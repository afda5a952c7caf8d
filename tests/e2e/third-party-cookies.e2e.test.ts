import type { Frame, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginUrl } from '../../lti-tool/demo-lms/page.ts';
import { demoIssuer } from '../../lti-tool/demo-lms/platform.ts';
import { freePort } from '../harness/free-port.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { startTlsFront, type TlsFront } from './harness/tls-front.ts';
import { CoachPage } from './pages/coach-page.ts';
import { DemoLms } from './pages/demo-lms.ts';
import { LaunchFallback } from './pages/launch-fallback.ts';

/**
 * The LMS page and the tool on different sites, both over HTTPS (SameSite=None; Secure cookies
 * as in production), mapped to one local TLS front by Chromium's host resolver.
 */
const TOOL_HOST = 'tool.test';
const LMS_HOST = 'lms.test';
const TOOL = `https://${TOOL_HOST}`;
const LMS = `https://${LMS_HOST}`;
const SAM = /Launch as teacher \(Sam Okafor\)/;
const TEACHER_READY = 'text=Show pairing code';

const SILENT_LMS = `${LMS}/silent-lms`;

/** Sam's login with lti_storage_target, exactly as the demo LMS links it. */
const SAM_LOGIN = loginUrl({
  publicUrl: TOOL,
  issuer: demoIssuer(LMS),
  personId: 'demo-teacher-okafor',
  platformStorage: true,
});

/** An LMS page that sends lti_storage_target but never answers postMessages. */
function silentLmsPage(): string {
  return `<!doctype html><html lang="en"><title>Silent LMS</title><iframe name="lms-frame" src="${SAM_LOGIN}"></iframe></html>`;
}

let tool: TestServer;
let front: TlsFront;

beforeAll(async () => {
  const port = await freePort();
  front = await startTlsFront({
    hosts: [TOOL_HOST, LMS_HOST],
    backendPort: port,
    pages: { [`${LMS_HOST}/silent-lms`]: silentLmsPage() },
  });
  tool = await startTestServer({
    builtAssets: true,
    // Two https sites (not localhost), so the demo LMS must be asked for.
    env: { PORT: String(port), PUBLIC_URL: TOOL, DEMO_LMS_URL: LMS, DEMO: '1' },
  });
});
afterAll(async () => {
  await tool?.close();
  await front?.close();
});

function browserWith(thirdPartyCookies: 'allow' | 'block'): Promise<BrowserSession> {
  return launchBrowser({
    withExtension: false,
    hostMap: { hosts: [TOOL_HOST, LMS_HOST], port: front.port },
    thirdPartyCookies,
  });
}

/** Status of every /lti/login answer the page saw (the storage page is 200, the cookie login 302). */
function loginStatuses(page: Page): number[] {
  const statuses: number[] = [];
  page.on('response', (response: Response) => {
    if (new URL(response.url()).pathname === '/lti/login') statuses.push(response.status());
  });
  return statuses;
}

/** Posts one LTI message from `from` to its parent (the LMS page) and returns the answer, or null after 1 s. */
function askPlatform(from: Page | Frame, message: Record<string, string>): Promise<unknown> {
  return from.evaluate(
    ({ message, lms }) =>
      new Promise((resolve) => {
        addEventListener('message', (event: MessageEvent) => {
          const data = event.data as { subject?: string; message_id?: string } | null;
          // The page may hear its own request (parent === window at the top): wait for the answer.
          if (data?.message_id === message.message_id && data?.subject === `${message.subject}.response`) {
            resolve(data);
          }
        });
        parent.postMessage(message, lms);
        setTimeout(() => resolve(null), 1_000);
      }),
    { message, lms: LMS },
  );
}

async function stateCookies(session: BrowserSession): Promise<string[]> {
  return (await session.context.cookies(TOOL)).map((c) => c.name).filter((n) => n.startsWith('lti_state_'));
}

describe('control: third-party cookies allowed', () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await browserWith('allow');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the cookie launch (no platform storage) works inside the cross-site LMS frame', async () => {
    const page = await browser.context.newPage();
    const statuses = loginStatuses(page);
    const lms = new DemoLms(page, LMS);
    await lms.open({ platformStorage: false });
    await lms.launch(SAM, TEACHER_READY);
    expect(statuses).toEqual([302]);
  });
});

describe('third-party cookies blocked', () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await browserWith('block');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the block is real: the same cookie launch is refused inside the frame', async () => {
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, LMS);
    await lms.open({ platformStorage: false });
    const fallback = new LaunchFallback(await lms.launch(SAM, 'text=Open in a new window'));
    expect(await fallback.reference()).toBe('state-cookie-missing');
    expect(await stateCookies(browser)).toEqual([]);
    await page.close();
  });

  it('with platform storage (Canvas-like) the coach launches inside the frame, with no cookie', async () => {
    const page = await browser.context.newPage();
    const statuses = loginStatuses(page);
    const lms = new DemoLms(page, LMS);
    await lms.open();
    const frame = await lms.launch(/Launch as coach/, 'text=Sam Okafor');
    await new CoachPage(frame).chooseTeacher('Sam Okafor');
    expect(new URL(frame.url()).origin).toBe(TOOL);
    expect(statuses).toEqual([200]);
    expect(await stateCookies(browser)).toEqual([]);
    await page.close();
  });

  it('the demo LMS answers storage messages only from the tool in its launch frame', async () => {
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, LMS);
    await lms.open();
    const frame = await lms.launch(SAM, TEACHER_READY);
    expect(await askPlatform(frame, { subject: 'lti.capabilities', message_id: 'm1' })).toMatchObject({
      subject: 'lti.capabilities.response',
      supported_messages: expect.arrayContaining([
        { subject: 'lti.put_data', frame: '_parent' },
        { subject: 'lti.get_data', frame: '_parent' },
      ]),
    });
    expect(
      await askPlatform(frame, { subject: 'lti.get_data', message_id: 'm2', key: 'unknown' }),
    ).toMatchObject({
      subject: 'lti.get_data.response',
      error: { code: 'key_not_found' },
    });
    // The LMS page's own origin is not the tool's: no answer.
    expect(await askPlatform(page, { subject: 'lti.capabilities', message_id: 'm3' })).toBeNull();
    await page.close();
  });

  it('without platform storage (Moodle-like), "Open in a new window" launches there', async () => {
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, LMS);
    await lms.open({ platformStorage: false });
    const fallback = new LaunchFallback(await lms.launch(SAM, 'text=Open in a new window'));
    const popup = await fallback.openInNewWindow();
    await popup.locator(TEACHER_READY).waitFor();
    expect(new URL(popup.url()).origin).toBe(TOOL);
    await popup.close();
    await page.close();
  });

  it('when the platform does not answer its storage messages, the page offers a new window', async () => {
    const page = await browser.context.newPage();
    await page.goto(SILENT_LMS);
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByRole('heading', { name: 'Opening the tool…' }).waitFor();
    const waiting = Date.now();
    await frame.getByRole('link', { name: 'Open in a new window' }).waitFor({ timeout: 10_000 });
    // Offered only after the postMessage timeout (2 s), not at once.
    expect(Date.now() - waiting).toBeGreaterThan(1_500);
    const handle = page.frames().find((f) => f.name() === 'lms-frame')!;
    const fallback = new LaunchFallback(handle);
    expect(await fallback.reference()).toBe('platform-storage-unavailable');
    const popup = await fallback.openInNewWindow();
    await popup.locator(TEACHER_READY).waitFor();
    await popup.close();
    await page.close();
  });

  it('opened top-level (a new tab, no LMS frame), a platform-storage login uses the cookie at once', async () => {
    const page = await browser.context.newPage();
    const statuses = loginStatuses(page);
    await page.goto(SAM_LOGIN);
    await page.locator(TEACHER_READY).waitFor();
    expect(new URL(page.url()).origin).toBe(TOOL);
    expect(statuses).toEqual([200, 302]);
    await page.close();
  });
});
