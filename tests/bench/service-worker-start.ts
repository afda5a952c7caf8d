import { withBrowserPair } from './browser-pair.ts';
import type { BrowserContext, Page } from 'playwright-core';
import { Overlay } from '../e2e/pages/extension-pages.ts';
import { median, round } from './stats.ts';

export const SW_START_SECTION_TITLE = '## Service worker: first answer after a cold start';
const DOC_URL = 'https://docs.google.com/document/d/sw-start-bench/edit';

/** Notes when the overlay (which waits for the background's first get-overview answer) has a size. */
const PROBE = `
  const check = () => {
    const host = document.querySelector('action-step-coach');
    const card = host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid="action-step-overlay"]');
    if (card && card.getBoundingClientRect().height > 0) { window.__overlayVisibleAt = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

interface Timing {
  /** Navigation start → the page's load event. */
  loadMs: number;
  /** Navigation start → overlay visible (null without the extension). */
  overlayMs: number | null;
}

async function load(context: BrowserContext, withExtension: boolean): Promise<Timing> {
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await page.goto(DOC_URL, { waitUntil: 'load' });
  if (withExtension) await new Overlay(page).root.waitFor();
  const timing = await page.evaluate(() => ({
    loadMs: performance.getEntriesByType('navigation')[0]?.toJSON().loadEventStart as number,
    overlayMs: (window as unknown as { __overlayVisibleAt?: number }).__overlayVisibleAt ?? null,
  }));
  await page.close();
  return timing;
}

/**
 * Stops every service worker (the extension's background included) through the ServiceWorker CDP
 * domain, and resolves once CDP reports the extension's worker stopped. (Playwright's Worker
 * `close` event only arrives much later, so CDP's own running status is the signal.)
 */
async function serviceWorkerControl(context: BrowserContext, page: Page, extensionId: string) {
  const cdp = await context.newCDPSession(page);
  let status = 'unknown';
  const waiters: (() => void)[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (!version.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      status = version.runningStatus;
      if (status === 'stopped') waiters.splice(0).forEach((resolve) => resolve());
    }
  });
  await cdp.send('ServiceWorker.enable');
  return {
    async stop(): Promise<void> {
      const stopped = new Promise<void>((resolve) => waiters.push(resolve));
      await cdp.send('ServiceWorker.stopAllWorkers');
      if (status !== 'stopped') await stopped;
    },
    get status() {
      return status;
    },
  };
}

export interface SwStartResult {
  runs: number;
  cold: Timing[];
  warm: Timing[];
  baseline: Timing[];
}

export async function runSwStartBench(runs = 9): Promise<SwStartResult> {
  return withBrowserPair(async ({ withExtension: withExt, without }) => {
    // A blank page that stays open only to reach the ServiceWorker CDP domain.
    const control = await serviceWorkerControl(
      withExt.context,
      await withExt.context.newPage(),
      withExt.extensionId!,
    );
    await load(withExt.context, true);
    await load(without.context, false);
    const cold: Timing[] = [];
    const warm: Timing[] = [];
    const baseline: Timing[] = [];
    for (let i = 0; i < runs; i += 1) {
      await control.stop();
      if (control.status !== 'stopped') throw new Error(`the service worker is ${control.status}`);
      cold.push(await load(withExt.context, true));
      // The load above woke the worker: this one is answered by a running background.
      warm.push(await load(withExt.context, true));
      baseline.push(await load(without.context, false));
    }
    return { runs, cold, warm, baseline };
  });
}

export function renderSwStartSection(result: SwStartResult): string {
  const overlay = (list: Timing[]) => median(list.map((t) => t.overlayMs ?? Number.NaN));
  const loadOf = (list: Timing[]) => median(list.map((t) => t.loadMs));
  const cold = overlay(result.cold);
  const warm = overlay(result.warm);
  const base = loadOf(result.baseline);
  const ratio = (value: number) => `${round(value / Math.max(base, 0.001), 2)}×`;
  return `${SW_START_SECTION_TITLE}

Written by \`npm run bench -- --only sw-start\`. The Google Docs fixture, median of ${result.runs} rounds. Cold: the
background service worker stopped first (CDP \`ServiceWorker.stopAllWorkers\`, then waited for CDP to report it stopped), so the
content script's first get-overview request starts it. Warm: the next load, answered by the running worker.
Baseline: the same page without the extension, navigation start → load event.

| measure | ms | vs baseline page load |
| --- | --- | --- |
| baseline: page load without the extension | ${round(base)} | 1× |
| warm worker: navigation start → overlay visible | ${round(warm)} | ${ratio(warm)} |
| cold worker: navigation start → overlay visible | ${round(cold)} | ${ratio(cold)} |
| added by the cold start (cold − warm) | ${round(cold - warm)} | – |

Samples, cold / warm overlay ms: ${result.cold.map((t) => round(t.overlayMs ?? Number.NaN)).join(', ')} / ${result.warm.map((t) => round(t.overlayMs ?? Number.NaN)).join(', ')}.
`;
}
