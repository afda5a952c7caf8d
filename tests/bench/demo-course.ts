/**
 * What the page benchmarks share: the tool (built pages, SQLite) and the demo LMS in Chromium, with
 * one starter module added by the provider, and each LTI page's launch link and ready control.
 */
import type { Page } from 'playwright-core';
import type { Page as LtiPage } from '../../lti-tool/web/bootstrap.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { launchBrowser } from '../e2e/harness/chromium.ts';
import { DemoLms } from '../e2e/pages/demo-lms.ts';
import { startTestServer } from '../harness/tool-server.ts';

/** A page launched from the demo course, and the control that says it has loaded its data. */
export interface PageLaunch {
  page: LtiPage;
  name: string;
  link: RegExp;
  ready: { role: 'button' | 'radio'; name: string };
}

/** Every LTI page, the teacher's (the smallest) first: it is the benchmarks' baseline. */
function pageLaunches(moduleTitle: string): PageLaunch[] {
  return [
    {
      page: 'teacher',
      name: 'teacher: action step (baseline)',
      link: /^Launch as teacher \(Sam Okafor\)/,
      ready: { role: 'button', name: 'Show pairing code' },
    },
    {
      page: 'practice',
      name: 'trainee: practice module',
      link: new RegExp(`^Launch “${moduleTitle}” as teacher \\(Sam`),
      ready: { role: 'button', name: 'Submit round' },
    },
    {
      // The coach lands on the caseload: loaded when a teacher's card is there.
      page: 'coach',
      name: 'coach: this week (caseload)',
      link: new RegExp(`^Launch “${moduleTitle}” as coach`),
      ready: { role: 'button', name: 'Observe Sam Okafor' },
    },
    {
      // The library's first tab, loaded: a module's title is a button.
      page: 'provider',
      name: 'provider: module library',
      link: /^Launch as provider/,
      ready: { role: 'button', name: moduleTitle },
    },
  ];
}

/** Runs `measure` against the demo course, then closes the browser and the tool. */
export async function withDemoCourse<T>(
  measure: (course: { lms: DemoLms; launches: PageLaunch[] }) => Promise<T>,
): Promise<T> {
  const module = loadStarterModules()[0]!;
  const tool = await startTestServer({ builtAssets: true });
  const browser = await launchBrowser({ withExtension: false });
  try {
    const lms = new DemoLms(await browser.context.newPage(), tool.url);
    await lms.open();
    await lms.addModules(/^Add activities as provider/, '', [module.title]);
    return await measure({ lms, launches: pageLaunches(module.title) });
  } finally {
    await browser.close();
    await tool.close();
  }
}

/** The launched page's ready control in the LMS frame. */
export const readyControl = (page: Page, launch: PageLaunch) =>
  page
    .frameLocator('iframe[name="lms-frame"]')
    .getByRole(launch.ready.role, { name: launch.ready.name, exact: true });
