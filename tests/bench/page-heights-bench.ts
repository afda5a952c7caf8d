/**
 * How long each LTI page is inside the LMS frame, at a laptop's width and a phone's: the height of
 * the page's content as first opened, in Chromium through the real launch. Long
 * pages inside a fixed LMS frame are where people lose what they came for (issue 13).
 */
import { readyControl, withDemoCourse } from './demo-course.ts';
import { pageJsKb } from './practice-pages-bench.ts';

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

/** JS each page ships (gzip kB, entry and imports) at commit 2e60644: issue 13 allows at most +10%. */
const JS_BEFORE = { teacher: 52.3, practice: 55.9, coach: 74.7, provider: 58.6 } as const;
const JS_GROWTH_LIMIT = 1.1;

export interface PageHeights {
  rows: { page: string; heights: Record<(typeof WIDTHS)[number], number> }[];
  jsKb: Record<keyof typeof JS_BEFORE, number>;
}

export async function runPageHeightsBench(): Promise<PageHeights> {
  const rows = await withDemoCourse(async ({ lms, launches }) => {
    const measured: PageHeights['rows'] = [];
    for (const target of launches) {
      const heights = {} as Record<(typeof WIDTHS)[number], number>;
      for (const width of WIDTHS) {
        await lms.page.setViewportSize({ width, height: 800 });
        await lms.open();
        await lms.page.getByRole('link', { name: target.link }).click();
        await readyControl(lms.page, target).waitFor();
        const frame = lms.page.frames().find((f) => f.name() === 'lms-frame');
        if (!frame) throw new Error('the LMS frame is missing');
        // Settled: nothing still loading (every "Loading…" line gone) and two frames drawn.
        await frame.waitForFunction(() => !/Loading…/.test(document.body.innerText));
        heights[width] = await frame.evaluate(
          () =>
            new Promise<number>((resolve) =>
              requestAnimationFrame(() =>
                // The content's own height: the document's would be the frame's when the page is shorter.
                requestAnimationFrame(() => resolve(Math.ceil(document.body.getBoundingClientRect().height))),
              ),
            ),
        );
      }
      measured.push({ page: target.page, heights });
    }
    return measured;
  });
  const jsKb = {
    teacher: pageJsKb('teacher'),
    practice: pageJsKb('practice'),
    coach: pageJsKb('coach'),
    provider: pageJsKb('provider'),
  };
  return { rows, jsKb };
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

Heights are of the page's content (its body), so a short page is not measured as tall as its frame. JavaScript each page ships (gzip -9 kB of its
entry and every chunk it imports), before and after; the limit is +10%:

| page | before kB | after kB | ratio | within +10% |
| --- | --- | --- | --- | --- |
${(Object.keys(JS_BEFORE) as (keyof typeof JS_BEFORE)[])
  .map((page) => {
    const ratio = result.jsKb[page] / JS_BEFORE[page];
    return `| ${page} | ${JS_BEFORE[page]} | ${result.jsKb[page].toFixed(1)} | ${ratio.toFixed(3)}× | ${ratio <= JS_GROWTH_LIMIT ? 'yes' : '**no**'} |`;
  })
  .join('\n')}
`;
}
