import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { aStepInput } from '../harness/builders.ts';
import { launchFirefox, type FirefoxSession } from './harness/firefox.ts';
import { firefoxPageCapture } from './harness/firefox-capture.ts';
import { LESSON_PLAN_HOSTS, startFixtureSites, type FixtureSites } from './harness/fixture-sites.ts';
import {
  clearDiffs,
  FIREFOX_PREFIX,
  orphanReferences,
  removeReferences,
  UPDATE_COMMAND,
  updatingReferences,
} from './harness/reference-images.ts';
import {
  captureState,
  problems,
  referenceNames,
  VARIANTS,
  type Capture,
  type StateResult,
  type Variant,
} from './harness/screenshot-capture.ts';
import { FirefoxOptionsPage, waitForOverlay } from './pages/extension-pages-firefox.ts';

/**
 * The extension in Firefox ESR (the Firefox MV3 build, driven over WebDriver BiDi), as
 * screenshots.e2e.test.ts does it in Chromium: 1280 and 360 px, light and dark, against reviewed
 * references named `firefox-…` in the same folder, each with axe-core's 0 violations. Firefox over
 * BiDi cannot switch the colour scheme of a running page, so each scheme is a Firefox of its own.
 * The extension works on its own here (a step typed in the options page): pairing, the popup and
 * the side panel are Chromium's screenshots.
 */

const DOC_URL = 'https://docs.google.com/document/d/1firefoxScreenshots/edit';
const calm = loadStarterModules().find((module) => module.id === 'starter-calm-entry-routine')!;
const STEP = aStepInput({
  goal: 'Every pupil is writing within two minutes of the bell',
  title: calm.actionStep.title,
  what: calm.actionStep.what,
  successCriteria: [...calm.actionStep.successCriteria],
  whenToPractise: calm.actionStep.whenToPractise,
  why: calm.actionStep.why,
});

/** Every state this file captures (all follow the browser's scheme: each keeps its dark references). */
const STATES = ['firefox-extension-options', 'firefox-extension-overlay'] as const;
type State = (typeof STATES)[number];

let sites: FixtureSites;
const captured: StateResult[] = [];

beforeAll(async () => {
  clearDiffs('firefox');
  sites = await startFixtureSites();
});
afterAll(async () => {
  await sites?.close();
});

async function capture(state: State, target: Capture, variants: readonly Variant[]): Promise<StateResult> {
  const result = await captureState(state, target, { dark: 'reference', variants });
  captured.push(result);
  return result;
}

describe.each(['light', 'dark'] as const)('screenshots of the extension in Firefox, %s', (scheme) => {
  let firefox: FirefoxSession;
  const variants = VARIANTS.filter((variant) => variant.scheme === scheme);

  beforeAll(async () => {
    firefox = await launchFirefox({
      hostMaps: [{ hosts: LESSON_PLAN_HOSTS, port: sites.port }],
      colorScheme: scheme,
    });
    const options = await FirefoxOptionsPage.open(firefox);
    await options.saveLocalStep(STEP);
    await options.page.close();
  });
  afterAll(async () => {
    await firefox?.close();
  });

  it('the options page with a step of the teacher’s own, and that step on a lesson plan', async () => {
    const options = await FirefoxOptionsPage.open(firefox);
    const results = [
      await capture(
        'firefox-extension-options',
        firefoxPageCapture(options.page, { shot: 'full page' }),
        variants,
      ),
    ];
    await options.page.close();

    const docs = await firefox.browser.newPage();
    await docs.goto(DOC_URL, { waitUntil: 'load' });
    await waitForOverlay(docs, STEP.title);
    results.push(
      await capture(
        'firefox-extension-overlay',
        firefoxPageCapture(docs, { shot: 'viewport', axeInclude: 'action-step-coach' }),
        variants,
      ),
    );
    await docs.close();
    const found = problems(results);
    if (found) throw new Error(`\n${found}`);
  }, 120_000);
});

describe('the Firefox references', () => {
  it('keeps no reference image that no state produces', () => {
    const shots = captured.flatMap((result) => result.comparisons).length;
    console.info(`${updatingReferences() ? 'wrote' : 'compared'} ${shots} Firefox screenshots`);
    const expected = new Set(STATES.flatMap((state) => referenceNames(state, 'reference')));
    expect([...expected].every((name) => name.startsWith(FIREFOX_PREFIX))).toBe(true);
    const orphans = orphanReferences(expected, 'firefox');
    if (updatingReferences()) removeReferences(orphans);
    else
      expect(
        orphans,
        `stale Firefox reference images (no state produces them): run "${UPDATE_COMMAND}" to remove them`,
      ).toEqual([]);
  });
});
