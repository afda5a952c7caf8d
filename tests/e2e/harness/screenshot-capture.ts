import { expect } from 'vitest';
import type { Frame, Locator, Page } from 'playwright-core';
import { AXE_SOURCE, runAxeInPage, type AxeViolation } from './axe.ts';
import {
  compareWithLight,
  compareWithReference,
  keepUnsteady,
  sameImage,
  updatingReferences,
  type Comparison,
} from './reference-images.ts';

/** A desktop and a phone, each in both colour schemes. */
export const VARIANTS = [
  { width: 1280, height: 800, scheme: 'light' },
  { width: 1280, height: 800, scheme: 'dark' },
  { width: 360, height: 740, scheme: 'light' },
  { width: 360, height: 740, scheme: 'dark' },
] as const;
export type Variant = (typeof VARIANTS)[number];

export const variantName = (state: string, variant: Variant) => `${state}-${variant.width}-${variant.scheme}`;

/**
 * What a state's dark variants are checked against: their own reviewed references (pages that
 * follow the browser's scheme: the extension's), or the light capture of the same state and width
 * (the LTI tool's pages and the LMS's, which stay light inside the LMS on purpose; only the light
 * references are stored).
 */
export type DarkCheck = 'reference' | 'same as light';

export interface StateOptions {
  dark: DarkCheck;
  /** The variants to capture now (a browser that cannot switch schemes runs one scheme per session). */
  variants?: readonly Variant[];
}

/** The reference images a state keeps on disk. */
export function referenceNames(state: string, dark: DarkCheck): string[] {
  return VARIANTS.filter((variant) => dark === 'reference' || variant.scheme === 'light').map((variant) =>
    variantName(state, variant),
  );
}

/** What masked regions are painted with: plainly not content. */
const MASK_COLOR = '#8a8f98';
/** "Loading…", "Loading your teachers…": a page still fetching is not a state to keep. */
const LOADING = /^Loading\b.*…$/;
const SHOT = { animations: 'disabled', caret: 'hide', scale: 'css', maskColor: MASK_COLOR } as const;
/** Chromium, fonts and data are fixed: two shots in a row must agree (sameImage), or the state is not settled. */
const MAX_SHOTS = 4;

export interface Capture {
  /** Brings the page to this variant's layout and waits until it has settled. */
  settle(variant: Variant): Promise<void>;
  /** The screenshot, as PNG bytes. */
  shoot(mask: Locator[]): Promise<Buffer>;
  /** Regions whose text changes from run to run (ports, codes, clock times). */
  mask?(): Locator[];
  /** axe-core on what was shot. */
  axe(): Promise<AxeViolation[]>;
}

export interface StateResult {
  state: string;
  /** Variants whose first shot did not match and were shot again once steady (they then matched or failed). */
  secondLooks: string[];
  comparisons: Comparison[];
  violations: { variant: string; violations: AxeViolation[] }[];
}

/** Runs axe-core in a page or frame, injecting it once per document. */
export async function axeIn(target: Page | Frame, include?: string): Promise<AxeViolation[]> {
  if (!(await target.evaluate(() => 'axe' in globalThis))) await target.evaluate(AXE_SOURCE);
  return target.evaluate(runAxeInPage, include ?? null);
}

/** Two animation frames: whatever a resize or a colour-scheme change set off has been painted. */
async function painted(target: Page | Frame): Promise<void> {
  await target.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/** Waits for web fonts and for every "Loading…" text to go. */
async function loaded(target: Page | Frame): Promise<void> {
  await expect.poll(() => target.getByText(LOADING).count(), { timeout: 15_000 }).toBe(0);
  await target.evaluate(async () => {
    await document.fonts.ready;
  });
}

/** The page at a variant's viewport and colour scheme, the pointer out of the way (no hover). */
async function applyVariant(page: Page, variant: Variant): Promise<void> {
  const size = page.viewportSize();
  if (size?.width !== variant.width || size.height !== variant.height) {
    await page.setViewportSize({ width: variant.width, height: variant.height });
  }
  await page.emulateMedia({ colorScheme: variant.scheme });
  await page.mouse.move(0, 0);
}

/**
 * Shoots until two shots in a row are the same, so a reference never keeps a half-painted state
 * and a comparison never fails on one.
 */
async function steadyShot(capture: Capture, mask: Locator[], name: string): Promise<Buffer> {
  let last = await capture.shoot(mask);
  for (let shot = 2; shot <= MAX_SHOTS; shot += 1) {
    const next = await capture.shoot(mask);
    if (sameImage(last, next)) return next;
    if (shot === MAX_SHOTS) {
      const files = keepUnsteady(name, last, next);
      throw new Error(
        `${name}: ${MAX_SHOTS} screenshots in a row all differed; the page never settled. The last two: ${files.join(', ')}.`,
      );
    }
    last = next;
  }
  throw new Error('unreachable');
}

/**
 * Every variant of one state: compared with (or written as) its reference, or (a dark variant of
 * a page that stays light) with the light capture just taken at the same width; and axe-checked
 * in every variant.
 */
export async function captureState(
  state: string,
  capture: Capture,
  options: StateOptions,
): Promise<StateResult> {
  const result: StateResult = { state, secondLooks: [], comparisons: [], violations: [] };
  const light = new Map<number, Buffer>();
  for (const variant of options.variants ?? VARIANTS) {
    const name = variantName(state, variant);
    await capture.settle(variant);
    const mask = capture.mask?.() ?? [];
    const lightShot =
      variant.scheme === 'dark' && options.dark === 'same as light' ? light.get(variant.width) : null;
    if (lightShot === undefined)
      throw new Error(`${name}: capture the light variant at ${variant.width} px first`);
    const compare = (png: Buffer, keep: boolean) =>
      lightShot ? compareWithLight(name, lightShot, png, keep) : compareWithReference(name, png, keep);
    let png = updatingReferences() ? await steadyShot(capture, mask, name) : await capture.shoot(mask);
    let comparison = compare(png, updatingReferences());
    if (comparison.failure) {
      // One more look once two shots in a row agree (the page has settled): a real change fails again.
      result.secondLooks.push(name);
      png = await steadyShot(capture, mask, name);
      comparison = compare(png, true);
    }
    if (variant.scheme === 'light') light.set(variant.width, png);
    result.comparisons.push(comparison);
    result.violations.push({ variant: name, violations: await capture.axe() });
  }
  return result;
}

/** One message listing every reference mismatch and axe violation, or null. */
export function problems(results: readonly StateResult[]): string | null {
  const lines: string[] = [];
  for (const result of results) {
    for (const comparison of result.comparisons) if (comparison.failure) lines.push(comparison.failure);
    for (const { variant, violations } of result.violations) {
      for (const violation of violations) {
        lines.push(
          `${variant}: axe ${violation.id} (${violation.impact}): ${violation.help} at ${violation.targets.join(', ')}`,
        );
      }
    }
  }
  return lines.length === 0 ? null : lines.join('\n');
}

/** The demo LMS's launch frame, as the LMS page has sized it (never below Canvas's 450 px). */
const MIN_FRAME_HEIGHT = 450;
const lmsFrame = (page: Page) => page.locator('iframe[name="lms-frame"]');

/**
 * The tool's page inside the demo LMS: its whole document, once the LMS frame has taken the
 * height the page asked for (lti.frameResize), so nothing is cut off and nothing of the LMS shows.
 * A page that asks for no height (the server-rendered launch errors) keeps the frame's own height
 * (`sizing: 'lms'`): its document, no taller than the frame, once the sizes hold still.
 */
export function lmsFrameCapture(
  page: Page,
  frame: Frame,
  mask?: () => Locator[],
  sizing: 'asked' | 'lms' = 'asked',
): Capture {
  return {
    async settle(variant) {
      await applyVariant(page, variant);
      await loaded(frame);
      // A tab chosen at desktop width may sit past the end of a phone's scrolling tab strip; on a
      // phone the person tapped it, so it is in view.
      await frame.evaluate(() =>
        document
          .querySelector('[role="tab"][aria-selected="true"]')
          ?.scrollIntoView({ block: 'nearest', inline: 'nearest' }),
      );
      // The frame has the height its page asked for, and neither moved over a painted frame.
      const sizes = async () => {
        const content = await frame.evaluate(() =>
          Math.ceil(document.documentElement.getBoundingClientRect().height),
        );
        const box = await lmsFrame(page).evaluate((element) => element.clientHeight);
        return { content, box };
      };
      await expect
        .poll(
          async () => {
            const before = await sizes();
            await painted(frame);
            await painted(page);
            const after = await sizes();
            const steady = before.content === after.content && before.box === after.box;
            return steady && (sizing === 'lms' || after.box === Math.max(MIN_FRAME_HEIGHT, after.content));
          },
          { timeout: 15_000, message: 'the LMS frame never took the height of the page in it' },
        )
        .toBe(true);
    },
    async shoot(masked) {
      // The frame's content box, snapped to whole pixels as Chromium paints it (the LMS page above it
      // is laid out in fractions of a pixel), and as tall as the page asked: no LMS border, no gap.
      const height = await frame.evaluate(() => document.documentElement.getBoundingClientRect().height);
      const clip = await lmsFrame(page).evaluate((element, contentHeight) => {
        const box = element.getBoundingClientRect();
        return {
          x: Math.round(box.left + window.scrollX) + element.clientLeft,
          y: Math.round(box.top + window.scrollY) + element.clientTop,
          width: element.clientWidth,
          height: Math.min(element.clientHeight, Math.ceil(contentHeight)),
        };
      }, height);
      return page.screenshot({ ...SHOT, fullPage: true, clip, mask: masked });
    },
    mask,
    axe: () => axeIn(frame),
  };
}

/**
 * A top-level page: the whole page, only what the viewport shows (for sticky bars and overlays), or
 * one element (a popup's content, as the browser's popup window fits itself to it).
 */
export function pageCapture(
  page: Page,
  options: {
    shot: 'full page' | 'viewport' | { element: Locator };
    mask?: () => Locator[];
    axeInclude?: string;
  },
): Capture {
  const { shot } = options;
  return {
    async settle(variant) {
      await applyVariant(page, variant);
      await loaded(page);
      await painted(page);
    },
    shoot: (masked) =>
      typeof shot === 'object'
        ? shot.element.screenshot({ ...SHOT, mask: masked })
        : page.screenshot({ ...SHOT, fullPage: shot === 'full page', mask: masked }),
    mask: options.mask,
    axe: () => axeIn(page, options.axeInclude),
  };
}
