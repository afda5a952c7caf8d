/**
 * What a trainee, a coach and a provider wait for inside the LMS frame: the JavaScript each page
 * ships (gzip), and the time from clicking the activity in the (demo) LMS to the page being
 * usable, in Chromium. The whole real flow is timed: OIDC login, the platform's form_post, our
 * launch, the page's scripts, its first API call and render.
 * Baseline: the same flow into the teacher's action-step page, the smallest page we serve.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolvePageAssets, ViteManifestSchema } from '../../lti-tool/web/asset-manifest.ts';
import type { Page } from '../../lti-tool/web/bootstrap.ts';
import { WEB_BUILD_DIR } from '../../lti-tool/http/web-assets.ts';
import { readyControl, withDemoCourse } from './demo-course.ts';
import { gzipKb } from './sizes.ts';
import { median, round } from './stats.ts';
import * as v from 'valibot';

export const PAGES_SECTION_TITLE = '## LTI pages: JavaScript shipped and launch to interactive';

const PAGES: readonly Page[] = ['teacher', 'practice', 'coach', 'provider'];

/** gzip -9 kB of the entry and every chunk it imports: what the frame downloads for that page. */
export function pageJsKb(page: Page, buildDir = WEB_BUILD_DIR): number {
  const manifest = v.parse(
    ViteManifestSchema,
    JSON.parse(readFileSync(path.join(buildDir, '.vite', 'manifest.json'), 'utf8')),
  );
  const assets = resolvePageAssets(manifest, page);
  return [assets.script, ...assets.preload]
    .map((url) => path.join(buildDir, url.replace(/^\/assets\//, '')))
    .reduce((sum, file) => sum + gzipKb(file), 0);
}

interface Measured {
  name: string;
  samples: number[];
}

export interface PagesResult {
  jsKb: Record<Page, number>;
  timings: Measured[];
  runs: number;
}

export async function runPagesBench(runs = 7): Promise<PagesResult> {
  const jsKb = Object.fromEntries(PAGES.map((page) => [page, pageJsKb(page)])) as Record<Page, number>;
  const timings = await withDemoCourse(async ({ lms, launches }) => {
    const frameElement = lms.page.locator('iframe[name="lms-frame"]');
    const measured: Measured[] = [];
    for (const target of launches) {
      const samples: number[] = [];
      // One warm-up (caches, JIT), then the measured runs.
      for (let run = 0; run <= runs; run += 1) {
        // Empty the frame first, so the ready control can only come from the new launch.
        // (srcdoc, the demo's placeholder, would win over src: drop it first.)
        await frameElement.evaluate((frame: HTMLIFrameElement) => {
          frame.removeAttribute('srcdoc');
          frame.src = 'about:blank';
        });
        await lms.page.waitForFunction(
          () =>
            document.querySelector<HTMLIFrameElement>('iframe[name="lms-frame"]')?.contentDocument?.URL ===
            'about:blank',
        );
        const started = performance.now();
        await lms.page.getByRole('link', { name: target.link }).click();
        // Interactive: the page's main control is rendered and enabled (its data has loaded).
        const control = readyControl(lms.page, target);
        await control.waitFor();
        await control.isEnabled();
        const elapsed = performance.now() - started;
        if (run > 0) samples.push(elapsed);
      }
      measured.push({ name: target.name, samples });
    }
    return measured;
  });
  return { jsKb, timings, runs };
}

export function renderPagesSection(result: PagesResult): string {
  const baseline = median(result.timings[0]!.samples);
  const rows = result.timings
    .map(
      (timing) =>
        `| ${timing.name} | ${round(median(timing.samples))} | ${round(median(timing.samples) / baseline, 2)}× | ${timing.samples.map((s) => round(s, 0)).join(', ')} |`,
    )
    .join('\n');
  const sizes = PAGES.map((page) => `| ${page} | ${round(result.jsKb[page])} |`).join('\n');
  return `${PAGES_SECTION_TITLE}

JavaScript each page makes the LMS frame download: its entry plus every chunk it imports (gzip -9 of the
production build, as the tool serves it with gzip).

| page | JS kB (gzip) |
| --- | --- |
${sizes}

Launch to interactive, in Chromium (headless, 2 cores): from the click on the activity in the demo LMS to the page's
main control being rendered and enabled, through the real OIDC login, form_post, launch, page scripts and first API
call. Median of ${result.runs} after one warm-up; the tool runs in the bench process on SQLite.
Baseline: the same flow into the teacher's action-step page.

| page (ready when) | median ms | vs baseline | samples ms |
| --- | --- | --- | --- |
${rows}
`;
}
