import { withBrowserPair } from './browser-pair.ts';
import type { Page } from 'playwright-core';
import type { BrowserSession } from '../e2e/harness/chromium.ts';
import { median, round } from './stats.ts';

export const HEAVY_PAGE_SECTION_TITLE = '## Overlay on a heavy page (5,000 nodes, Trusted Types CSP)';
/** Served from tests/fixtures/sites/heavy-doc.html (see fixture-sites.ts). */
const HEAVY_URL = 'https://docs.google.com/document/d/heavy-bench/edit';

/** Runs before the page's scripts: when the overlay first has a size, and how many long tasks ran. */
const PROBE = `
  window.__longTasks = 0;
  let shown;
  window.__overlayShown = new Promise((resolve) => (shown = resolve));
  new PerformanceObserver((list) => { window.__longTasks += list.getEntries().length; })
    .observe({ type: 'longtask', buffered: true });
  const check = () => {
    const host = document.querySelector('action-step-coach');
    const card = host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid="action-step-overlay"]');
    if (card && card.getBoundingClientRect().height > 0) {
      window.__overlayVisibleAt = performance.now();
      shown();
      return;
    }
    requestAnimationFrame(check);
  };
  // Both sides run this observer over the same page mutations; only the overlay's host stops it.
  const watcher = new MutationObserver(() => {
    if (!document.querySelector('action-step-coach')) return;
    watcher.disconnect();
    requestAnimationFrame(check);
  });
  watcher.observe(document, { childList: true, subtree: true });
`;

export interface HeavySample {
  scriptMs: number;
  longTasks: number;
  overlayMs: number | null;
  heapMb: number;
  nodes: number;
}

async function measureLoad(page: Page, withExtension: boolean): Promise<HeavySample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(HEAVY_URL, { waitUntil: 'load' });
  // One awaited promise, not Playwright's polling: the polling would search the 5,000 nodes
  // (and count as page script time) on the extension's side only.
  if (withExtension)
    await page.evaluate(() => (window as unknown as { __overlayShown: Promise<void> }).__overlayShown);
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  // Live objects only: collect garbage first, so the heap compares what each side keeps.
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
  const probe = await page.evaluate(() => ({
    overlay: (window as unknown as { __overlayVisibleAt?: number }).__overlayVisibleAt ?? null,
    longTasks: (window as unknown as { __longTasks: number }).__longTasks,
    nodes: document.getElementsByTagName('*').length,
  }));
  await cdp.detach();
  return {
    scriptMs: value('ScriptDuration') * 1000,
    longTasks: probe.longTasks,
    overlayMs: probe.overlay,
    heapMb: value('JSHeapUsedSize') / 1024 / 1024,
    nodes: probe.nodes,
  };
}

async function samples(
  session: BrowserSession,
  withExtension: boolean,
  runs: number,
): Promise<HeavySample[]> {
  const out: HeavySample[] = [];
  for (let i = 0; i < runs; i += 1) {
    const page = await session.context.newPage();
    await page.addInitScript(PROBE);
    out.push(await measureLoad(page, withExtension));
    await page.close();
  }
  return out;
}

export interface HeavyPageResult {
  runs: number;
  withExtension: HeavySample[];
  baseline: HeavySample[];
}

/** The heavy fixture in the same Chromium build, with the extension (local step set) and without. */
export async function runHeavyPageBench(runs = 9): Promise<HeavyPageResult> {
  return withBrowserPair(async ({ withExtension: withExt, without }) => {
    await samples(withExt, true, 1);
    await samples(without, false, 1);
    return {
      runs,
      withExtension: await samples(withExt, true, runs),
      baseline: await samples(without, false, runs),
    };
  });
}

export function renderHeavyPageSection(result: HeavyPageResult): string {
  const med = (list: HeavySample[], pick: (s: HeavySample) => number) => median(list.map(pick));
  const row = (name: string, pick: (s: HeavySample) => number, unit = '') => {
    const withExt = med(result.withExtension, pick);
    const base = med(result.baseline, pick);
    const ratio = base > 0 ? `${round(withExt / base, 2)}×` : '–';
    return `| ${name} | ${round(withExt, 2)}${unit} | ${round(base, 2)}${unit} | ${ratio} (+${round(withExt - base, 2)}${unit}) |`;
  };
  const overlay = med(result.withExtension, (s) => s.overlayMs ?? Number.NaN);
  const nodes = med(result.baseline, (s) => s.nodes);
  return `${HEAVY_PAGE_SECTION_TITLE}

Written by \`npm run bench -- --only heavy-page\`. tests/fixtures/sites/heavy-doc.html (${nodes} elements after load,
built by DOM calls under the Google-like Trusted Types CSP), median of ${result.runs} loads after one warm-up each,
with the extension (a local step set) and without it in the same Chromium build. Heap: CDP \`JSHeapUsedSize\` after a
forced GC (the content script's isolated world shares the page's heap).

| measure | with extension | baseline | ratio (added) |
| --- | --- | --- | --- |
${row('main-thread script time (CDP ScriptDuration), ms', (s) => s.scriptMs)}
${row('long tasks (> 50 ms)', (s) => s.longTasks)}
${row('JS heap used, MB', (s) => s.heapMb)}
| navigation start → overlay visible, ms | ${round(overlay)} | – | – |

Samples, script ms with / without: ${result.withExtension.map((s) => round(s.scriptMs)).join(', ')} / ${result.baseline.map((s) => round(s.scriptMs)).join(', ')}.
`;
}
