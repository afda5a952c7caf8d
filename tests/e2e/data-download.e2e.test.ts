import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStepInput } from '../harness/builders.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';
import { CoachPage } from './pages/coach-page.ts';
import { DemoLms } from './pages/demo-lms.ts';

/** A step title that would run as HTML if any page put it in as markup. */
const HOSTILE_TITLE = 'Greet at the door <script>document.title="owned"</script>';

let tool: TestServer;
let browser: BrowserSession;

beforeAll(async () => {
  tool = await startTestServer({ builtAssets: true });
  browser = await launchBrowser({ withExtension: false });
});
afterAll(async () => {
  await browser?.close();
  await tool?.close();
});

describe("a teacher's download of everything the tool holds about them, in Chromium", () => {
  it('downloads a ZIP from the teacher page whose index.html opens and reads their step, as text', async () => {
    const page = await browser.context.newPage();
    const lms = new DemoLms(page, tool.url);
    await lms.open();
    const coach = new CoachPage(await lms.launch(/Launch as coach/, 'text=Sam Okafor'));
    await coach.chooseTeacher('Sam Okafor');
    await coach.setActionStep(aStepInput({ title: HOSTILE_TITLE }));

    const teacher = await lms.launch(/Launch as teacher \(Sam Okafor\)/, 'text=Show pairing code');
    const downloading = page.waitForEvent('download');
    await teacher.getByRole('button', { name: 'Download my data' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zip = unzipSync(readFileSync(await download.path()));
    expect(Object.keys(zip).sort()).toEqual(expect.arrayContaining(['data.json', 'index.html']));
    const data = JSON.parse(Buffer.from(zip['data.json']!).toString('utf8'));
    expect(JSON.stringify(data)).toContain('Greet at the door');

    // Unzipped as a teacher would, then opened from the folder.
    const folder = mkdtempSync(path.join(tmpdir(), 'coaching-download-'));
    for (const [name, bytes] of Object.entries(zip)) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      if (!name.endsWith('/')) writeFileSync(path.join(folder, name), bytes);
    }
    const opened = await browser.context.newPage();
    await opened.goto(pathToFileURL(path.join(folder, 'index.html')).href);
    await opened.getByText(HOSTILE_TITLE).first().waitFor();
    expect(await opened.title()).not.toBe('owned');
    expect(await opened.locator('script').count()).toBe(0);
    expect(await axeViolations(opened)).toEqual([]);
  });
});
