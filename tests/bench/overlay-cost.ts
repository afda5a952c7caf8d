import { withBrowserPair } from './browser-pair.ts';
import type { Page } from 'playwright-core';
import type { BrowserSession } from '../e2e/harness/chromium.ts';
import { Overlay } from '../e2e/pages/extension-pages.ts';

const DOC_URL = 'https://docs.google.com/document/d/bench/edit';

/** Runs in the page before any of its scripts: notes when the overlay first has a size, and long tasks. */
const PROBE = `
  window.__longTasks = 0;
  new PerformanceObserver((list) => { window.__longTasks += list.getEntries().length; })
    .observe({ type: 'longtask', buffered: true });
  const check = () => {
    const host = document.querySelector('action-step-coach');
    const card = host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid="action-step-overlay"]');
    if (card && card.getBoundingClientRect().height > 0) { window.__overlayVisibleAt = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

interface LoadSample {
  scriptMs: number;
  longTasks: number;
  overlayMs: number | null;
}

async function measureLoad(page: Page, withExtension: boolean): Promise<LoadSample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(DOC_URL, { waitUntil: 'load' });
  if (withExtension) await new Overlay(page).root.waitFor();
  // Both runs end at the same point: the page's own idle callback after load.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
  const probe = await page.evaluate(() => ({
    overlay: (window as unknown as { __overlayVisibleAt?: number }).__overlayVisibleAt ?? null,
    longTasks: (window as unknown as { __longTasks: number }).__longTasks,
  }));
  await cdp.detach();
  return { scriptMs: value('ScriptDuration') * 1000, longTasks: probe.longTasks, overlayMs: probe.overlay };
}

async function samples(session: BrowserSession, withExtension: boolean, runs: number): Promise<LoadSample[]> {
  const out: LoadSample[] = [];
  for (let i = 0; i < runs; i += 1) {
    const page = await session.context.newPage();
    await page.addInitScript(PROBE);
    out.push(await measureLoad(page, withExtension));
    await page.close();
  }
  return out;
}

/** Same fixture page, same browser build: once with the extension (local step set), once without. */
export async function measureOverlayCost(runs: number) {
  return withBrowserPair(async ({ withExtension: withExt, without }) => {
    // One warm-up load each, so both sides are measured with a warm HTTP cache.
    await samples(withExt, true, 1);
    await samples(without, false, 1);
    return {
      withExtension: await samples(withExt, true, runs),
      baseline: await samples(without, false, runs),
    };
  });
}
