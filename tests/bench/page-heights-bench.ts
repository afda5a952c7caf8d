/**
 * How long each LTI page is inside the LMS frame, at a laptop's width and a phone's: the height of
 * the page's document as first opened (scrollHeight), in Chromium through the real launch. Long
 * pages inside a fixed LMS frame are where people lose what they came for (issue 13).
 */
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { launchBrowser } from '../e2e/harness/chromium.ts';
import { DemoLms } from '../e2e/pages/demo-lms.ts';
import { startTestServer } from '../harness/tool-server.ts';

export const PAGE_HEIGHTS_SECTION_TITLE = '## LTI pages: height in the LMS frame';

const WIDTHS = [1280, 360] as const;

/**
 * The same measure taken at commit 2e60644, before the pages were split into sections
 * (issue 13): what "after" is compared with.
 */
const BEFORE: Record<string, Record<(typeof WIDTHS)[number], number>> = {
  teacher: { 1280: 820, 360: 1110 },
  practice: { 1280: 3857, 360: 5996 },
  coach: { 1280: 1107, 360: 1539 },
  provider: { 1280: 6706, 360: 12216 },
};

export interface PageHeights {
  rows: { page: string; heights: Record<(typeof WIDTHS)[number], number> }[];
}

export async function runPageHeightsBench(): Promise<PageHeights> {
  const module = loadStarterModules()[0]!;
  const tool = await startTestServer({ builtAssets: true });
  const browser = await launchBrowser({ withExtension: false });
  try {
    const lms = new DemoLms(await browser.context.newPage(), tool.url);
    await lms.open();
    await lms.addModules(/^Add activities as provider/, '', [module.title]);
    const targets = [
      { page: 'teacher', link: /^Launch as teacher \(Sam Okafor\)/, ready: 'text=Show pairing code' },
      {
        page: 'practice',
        link: new RegExp(`^Launch “${module.title}” as teacher \\(Sam`),
        ready: 'text=Submit round',
      },
      { page: 'coach', link: new RegExp(`^Launch “${module.title}” as coach`), ready: 'text=Review queue' },
      { page: 'provider', link: /^Launch as provider/, ready: 'text=Import and export' },
    ];
    const rows: PageHeights['rows'] = [];
    for (const target of targets) {
      const heights = {} as Record<(typeof WIDTHS)[number], number>;
      for (const width of WIDTHS) {
        await lms.page.setViewportSize({ width, height: 800 });
        await lms.open();
        const frame = await lms.launch(target.link, target.ready);
        // Settled: nothing still loading (every "Loading…" line gone) and two frames drawn.
        await frame.waitForFunction(() => !/Loading…/.test(document.body.innerText));
        heights[width] = await frame.evaluate(
          () =>
            new Promise<number>((resolve) =>
              requestAnimationFrame(() =>
                requestAnimationFrame(() => resolve(document.documentElement.scrollHeight)),
              ),
            ),
        );
      }
      rows.push({ page: target.page, heights });
    }
    return { rows };
  } finally {
    await browser.close();
    await tool.close();
  }
}

const ratio = (after: number, before: number | undefined) =>
  before ? `${(after / before).toFixed(2)}×` : '–';

export function renderPageHeightsSection(result: PageHeights): string {
  const table = result.rows
    .map(({ page, heights }) => {
      const before = BEFORE[page];
      return `| ${page} | ${before?.[1280] ?? '–'} → ${heights[1280]} (${ratio(heights[1280], before?.[1280])}) | ${before?.[360] ?? '–'} → ${heights[360]} (${ratio(heights[360], before?.[360])}) |`;
    })
    .join('\n');
  return `${PAGE_HEIGHTS_SECTION_TITLE}

The height of each page's document (px) as first opened in the demo LMS frame, through the real launch in
Chromium, at a laptop's width (1280 px window) and a phone's (360 px), with the demo's one module and no rounds
yet. Before: the same measure at commit 2e60644 (before the pages were split, issue 13); after: this build.

| page | 1280 px: before → after | 360 px: before → after |
| --- | --- | --- |
${table}
`;
}
