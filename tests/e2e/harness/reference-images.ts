import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/**
 * The reviewed reference images, committed: `<name>-<width>-<scheme>.png`, Firefox's with a
 * `firefox-` prefix. States whose dark capture must equal the light one keep only the light.
 */
export const REFERENCE_DIR = path.resolve(import.meta.dirname, '../screenshots');
/** What a failed comparison leaves for review: the actual image and a diff (gitignored). */
export const DIFF_DIR = path.join(REFERENCE_DIR, '__diff__');
export const UPDATE_COMMAND = 'npm run screenshots:update';

/** `UPDATE_SCREENSHOTS=1` rewrites the references instead of comparing against them. */
export const updatingReferences = (): boolean => process.env.UPDATE_SCREENSHOTS === '1';

/**
 * How far an image may drift from its reference before it fails. Both are rendered by the same
 * Chromium build with the same fonts and data, so runs agree to the byte almost always; what can
 * move is a stray pixel of anti-aliasing or one shade of a rounded corner. One changed letter at
 * 16 px is about 15 pixels outside anti-aliasing (measured), so the window below catches it.
 */
export const TOLERANCE = {
  /** pixelmatch's colour distance (OKLab HyAB, 0–1) under which two pixels count as equal (its default). */
  threshold: 0.1,
  /** Share of differing pixels allowed over the whole image: 0.1 %. */
  maxDiffRatio: 0.001,
  /** At most this many differing pixels in any 64 × 64 square: one changed letter fails. */
  window: { size: 64, maxPixels: 8 },
  /** Width or height may change this much (a page's height rounding to the next pixel). */
  maxSizeDelta: 3,
} as const;

export interface Comparison {
  name: string;
  /** null: matches (or was written, when updating); otherwise why it failed and where to look. */
  failure: string | null;
}

const referencePath = (name: string) => path.join(REFERENCE_DIR, `${name}.png`);

/**
 * How a reference is stored: re-compressed losslessly (zlib level 9, its default strategy, no row
 * filter), which is about a fifth smaller than the browser's own PNGs for these flat-coloured
 * pages; the browser's bytes are kept when they are smaller. Comparisons decode the pixels, so the
 * encoding never matters to a result.
 */
export function compactPng(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  const compact = PNG.sync.write(image, { deflateLevel: 9, deflateStrategy: 0, filterType: 0 });
  return compact.length < png.length ? compact : png;
}

function keepForReview(name: string, actual: Buffer, diff?: PNG): string[] {
  mkdirSync(DIFF_DIR, { recursive: true });
  const files = [path.join(DIFF_DIR, `${name}.actual.png`)];
  writeFileSync(files[0]!, actual);
  if (diff) {
    files.push(path.join(DIFF_DIR, `${name}.diff.png`));
    writeFileSync(files[1]!, PNG.sync.write(diff));
  }
  return files.map((file) => path.relative(process.cwd(), file));
}

/**
 * Whether two shots show the same thing: identical, or differing only below the colour threshold
 * or in anti-aliasing (Chromium's rasteriser can shade a corner pixel one step apart between frames).
 */
export function sameImage(first: Buffer, second: Buffer): boolean {
  if (first.equals(second)) return true;
  const a = PNG.sync.read(first);
  const b = PNG.sync.read(second);
  if (a.width !== b.width || a.height !== b.height) return false;
  return pixelmatch(a.data, b.data, null, a.width, a.height, { threshold: TOLERANCE.threshold }) === 0;
}

/** Two shots of one state that should have been the same, and where they differ, for review. */
export function keepUnsteady(name: string, first: Buffer, second: Buffer): string[] {
  mkdirSync(DIFF_DIR, { recursive: true });
  const files = [
    path.join(DIFF_DIR, `${name}.unsteady-1.png`),
    path.join(DIFF_DIR, `${name}.unsteady-2.png`),
  ];
  writeFileSync(files[0]!, first);
  writeFileSync(files[1]!, second);
  const a = PNG.sync.read(first);
  const b = PNG.sync.read(second);
  if (a.width === b.width && a.height === b.height) {
    const diff = new PNG({ width: a.width, height: a.height });
    pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: 0 });
    files.push(path.join(DIFF_DIR, `${name}.unsteady.diff.png`));
    writeFileSync(files[2]!, PNG.sync.write(diff));
  }
  return files.map((file) => path.relative(process.cwd(), file));
}

/** The top-left `width` × `height` of an image, as RGBA bytes. */
function crop(image: PNG, width: number, height: number): Uint8Array {
  if (image.width === width && image.height === height) return image.data;
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const start = y * image.width * 4;
    out.set(image.data.subarray(start, start + width * 4), y * width * 4);
  }
  return out;
}

/** How two images differ, within the tolerance or not; `diff` only when the sizes allowed one. */
interface ImageDifference {
  /** null: within the tolerance; otherwise what differs, as a sentence without the fix. */
  problem: string | null;
  diff?: PNG;
}

function differenceOf(expectedPng: Buffer, actualPng: Buffer): ImageDifference {
  if (expectedPng.equals(actualPng)) return { problem: null };
  const expected = PNG.sync.read(expectedPng);
  const got = PNG.sync.read(actualPng);
  const dw = got.width - expected.width;
  const dh = got.height - expected.height;
  // Same pixels, another encoding (references are re-compressed): most comparisons end here.
  if (dw === 0 && dh === 0 && expected.data.equals(got.data)) return { problem: null };
  if (Math.abs(dw) > TOLERANCE.maxSizeDelta || Math.abs(dh) > TOLERANCE.maxSizeDelta) {
    return {
      problem: `size changed from ${expected.width}×${expected.height} to ${got.width}×${got.height} (more than ${TOLERANCE.maxSizeDelta} px)`,
    };
  }
  const width = Math.min(expected.width, got.width);
  const height = Math.min(expected.height, got.height);
  const diff = new PNG({ width, height });
  const options = { threshold: TOLERANCE.threshold, includeAA: false } as const;
  const a = crop(expected, width, height);
  const b = crop(got, width, height);
  const changed = pixelmatch(a, b, diff.data, width, height, options);
  const densest =
    changed === 0
      ? 0
      : pixelmatch(a, b, null, width, height, { ...options, windowSize: TOLERANCE.window.size });
  // Compared where both have pixels: the few rows or columns only one has are the size tolerance.
  const ratio = changed / (width * height);
  if (ratio <= TOLERANCE.maxDiffRatio && densest <= TOLERANCE.window.maxPixels) return { problem: null };
  return {
    problem: `${changed} pixels differ (${(ratio * 100).toFixed(3)} %, at most ${TOLERANCE.maxDiffRatio * 100} % allowed; ${densest} in the densest ${TOLERANCE.window.size} px square, at most ${TOLERANCE.window.maxPixels})`,
    diff,
  };
}

/**
 * Compares a screenshot with its reference, or (when updating) makes it the reference. A missing
 * reference is a failure, never a pass. On a failure with `keep`, the actual image (and a diff,
 * when the sizes allow one) is written to DIFF_DIR for review.
 */
export function compareWithReference(name: string, actual: Buffer, keep = true): Comparison {
  const writeForReview = (file: string, png: Buffer, diff?: PNG) =>
    keep ? keepForReview(file, png, diff) : [path.join('(not kept)', `${file}.actual.png`)];
  const file = referencePath(name);
  if (updatingReferences()) {
    mkdirSync(REFERENCE_DIR, { recursive: true });
    writeFileSync(file, compactPng(actual));
    return { name, failure: null };
  }
  if (!existsSync(file)) {
    const [written] = writeForReview(name, actual);
    return {
      name,
      failure: `${name}: no reference image at ${path.relative(process.cwd(), file)} (this capture is ${written}). Review it, then run "${UPDATE_COMMAND}" and commit the new reference.`,
    };
  }
  const { problem, diff } = differenceOf(readFileSync(file), actual);
  if (!problem) return { name, failure: null };
  const files = writeForReview(name, actual, diff);
  return {
    name,
    failure: `${name}: ${problem}; see ${files.join(' and ')}. If the change is intended, run "${UPDATE_COMMAND}" and commit the new reference.`,
  };
}

/**
 * A dark capture that must look like the light one (the LTI tool's pages stay light inside the
 * LMS): compared with that light capture, within the same tolerance, in both modes. Nothing is
 * written as a reference; on a failure with `keep`, the dark capture and the diff are kept.
 */
export function compareWithLight(name: string, light: Buffer, actual: Buffer, keep = true): Comparison {
  const { problem, diff } = differenceOf(light, actual);
  if (!problem) return { name, failure: null };
  const files = keep ? keepForReview(name, actual, diff) : [path.join('(not kept)', `${name}.actual.png`)];
  return {
    name,
    failure: `${name}: differs from the light capture of the same state (${problem}); see ${files.join(' and ')}. This page should stay light in a dark browser; if it now follows the browser's scheme, give the state dark references.`,
  };
}

/** The browser a reference belongs to, by its name: Firefox's start `firefox-`, the rest are Chromium's. */
export type ReferenceOwner = 'chromium' | 'firefox';
export const FIREFOX_PREFIX = 'firefox-';
export const ownerOf = (name: string): ReferenceOwner =>
  name.startsWith(FIREFOX_PREFIX) ? 'firefox' : 'chromium';

/**
 * Reference images of one browser on disk that no capture produces (a renamed or removed state).
 * Each test file checks only its own browser's, so one never removes the other's.
 */
export function orphanReferences(expected: ReadonlySet<string>, owner: ReferenceOwner): string[] {
  if (!existsSync(REFERENCE_DIR)) return [];
  return readdirSync(REFERENCE_DIR)
    .filter((file) => file.endsWith('.png'))
    .map((file) => file.slice(0, -'.png'.length))
    .filter((name) => ownerOf(name) === owner && !expected.has(name))
    .sort();
}

/** When updating: removes references no capture produces. */
export function removeReferences(names: readonly string[]): void {
  for (const name of names) rmSync(referencePath(name), { force: true });
}

/** Clears what an earlier failed run of one browser's screenshots left for review (the other's may be running). */
export function clearDiffs(owner: ReferenceOwner): void {
  if (!existsSync(DIFF_DIR)) return;
  for (const file of readdirSync(DIFF_DIR)) {
    if (ownerOf(file) === owner) rmSync(path.join(DIFF_DIR, file), { force: true });
  }
}
