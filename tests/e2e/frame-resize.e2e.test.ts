import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { freePort } from '../harness/free-port.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { startTlsFront, type TlsFront } from './harness/tls-front.ts';
import { DemoLms } from './pages/demo-lms.ts';

const module = loadStarterModules().find((candidate) => candidate.id === 'starter-calm-entry-routine')!;
/** The demo LMS's frame before any tool asks (demo-lms.css). */
const DEFAULT_FRAME_HEIGHT = 720;
/** The LMS page and the tool on two sites, as in production: the message crosses origins. */
const TOOL_HOST = 'tool.test';
const LMS_HOST = 'lms.test';
const TOOL = `https://${TOOL_HOST}`;
const LMS = `https://${LMS_HOST}`;

let tool: TestServer;
let front: TlsFront;
let browser: BrowserSession;

beforeAll(async () => {
  const port = await freePort();
  front = await startTlsFront({ hosts: [TOOL_HOST, LMS_HOST], backendPort: port });
  tool = await startTestServer({
    builtAssets: true,
    env: { PORT: String(port), PUBLIC_URL: TOOL, DEMO_LMS_URL: LMS, DEMO: '1' },
  });
  browser = await launchBrowser({
    withExtension: false,
    hostMap: { hosts: [TOOL_HOST, LMS_HOST], port: front.port },
  });
});
afterAll(async () => {
  await browser?.close();
  await tool?.close();
  await front?.close();
});

interface Received {
  origin: string;
  data: unknown;
}

/** Keeps every message the LMS page gets from its tool frame, as the LMS's own listener sees it. */
async function recordFrameMessages(page: Page): Promise<() => Promise<Received[]>> {
  await page.evaluate(() => {
    const received: { origin: string; data: unknown }[] = [];
    Object.assign(window, { received });
    window.addEventListener('message', (event) => {
      const frame = document.querySelector<HTMLIFrameElement>('iframe[name="lms-frame"]');
      if (event.source === frame?.contentWindow) received.push({ origin: event.origin, data: event.data });
    });
  });
  return () => page.evaluate(() => (window as unknown as { received: Received[] }).received);
}

const frameHeight = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLIFrameElement>('iframe[name="lms-frame"]')!.clientHeight);
const contentHeight = (frame: Frame) =>
  frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));

describe('lti.frameResize, in Chromium', () => {
  it("the practice page asks its LMS frame to fit it, and the frame follows the page's height", async () => {
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, LMS);
    await lms.open();
    await lms.addModules(/^Add activities as provider/, '', [module.title]);
    const received = await recordFrameMessages(page);
    expect(await frameHeight(page)).toBe(DEFAULT_FRAME_HEIGHT);

    const frame = await lms.launch(
      new RegExp(`^Launch “${module.title}” as teacher \\(Sam Okafor\\)`),
      'text=Submit round',
    );
    await frame.getByRole('heading', { level: 1, name: module.title }).waitFor();
    // Chromium does not render a cross-site frame out of view (no ResizeObserver, no animation
    // frames), so its page asks once the person scrolls to it.
    await page.locator('iframe[name="lms-frame"]').scrollIntoViewIfNeeded();
    // The browser tells the tool's page who embeds it: the message is addressed to the LMS only.
    expect(await frame.evaluate(() => location.ancestorOrigins[0])).toBe(LMS);
    // The frame takes the page's height: no scrollbar inside the course page.
    await expect.poll(async () => (await frameHeight(page)) - (await contentHeight(frame))).toBe(0);
    const fitted = await frameHeight(page);
    expect(fitted).toBeGreaterThan(DEFAULT_FRAME_HEIGHT);
    expect(await frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(
      true,
    );

    // What arrived: the JSON text Canvas and Moodle's message handler read, from the tool's origin.
    // (The frame also talks platform storage with the page: lti.get_data and the like.)
    const messages = (await received()).filter(
      (message) => typeof message.data === 'string' && message.data.includes('lti.frameResize'),
    );
    const last = messages.at(-1)!;
    expect(last.origin).toBe(TOOL);
    expect(typeof last.data).toBe('string');
    expect(JSON.parse(last.data as string)).toEqual({ subject: 'lti.frameResize', height: fitted });
    // Never the same height twice in a row.
    const heights = messages.map(
      (message) => (JSON.parse(message.data as string) as { height: number }).height,
    );
    expect(heights.every((height, index) => height !== heights[index - 1])).toBe(true);

    // Anyone but the tool in the frame is ignored: here, the LMS page itself. Messages are handled
    // in order, so when the page's next message arrives, the demo LMS has dealt with this one.
    const afterForeignAsk = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          window.addEventListener('message', (event) => {
            if (event.data === 'barrier') {
              resolve(document.querySelector<HTMLIFrameElement>('iframe[name="lms-frame"]')!.clientHeight);
            }
          });
          window.postMessage(JSON.stringify({ subject: 'lti.frameResize', height: 5000 }));
          window.postMessage('barrier');
        }),
    );
    expect(afterForeignAsk).toBe(fitted);
    // The page grows: the frame follows.
    await frame.evaluate(() => {
      const more = document.createElement('div');
      more.style.height = '600px';
      more.id = 'taller';
      document.getElementById('app')!.append(more);
    });
    await expect.poll(() => frameHeight(page)).toBe(fitted + 600);
    await frame.evaluate(() => document.getElementById('taller')!.remove());
    await expect.poll(() => frameHeight(page)).toBe(fitted);
    await page.close();
  });
});
