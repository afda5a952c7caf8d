import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROGRAMME_API } from '../../shared/protocol/programme-api.ts';
import { api } from '../harness/api-client.ts';
import { testId } from '../harness/builders.ts';
import { FakePlatform } from '../harness/fake-platform.ts';
import { launchAs, launchOutcome, programmeClock, seedProgramme } from '../harness/programme-suite.ts';
import { startTestServer, type TestServer } from '../harness/tool-server.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, type BrowserSession } from './harness/chromium.ts';

let tool: TestServer;
let school: FakePlatform;
let browser: BrowserSession;
let page: Page;

/**
 * A school leader's week: the provider admin names them leader of the school holding course A,
 * they open the Programme view activity (the tool's own launch page, as their LMS would show it)
 * and read it for two periods. The data is three weeks of coaching made through the tool's API.
 */
beforeAll(async () => {
  tool = await startTestServer({ builtAssets: true, now: () => programmeClock.now });
  school = await FakePlatform.start('canvas', 'school');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  await seedProgramme(tool.url, school);

  const admin = await launchAs(tool.url, school, { userId: 'provider-admin', course: 'A', role: 'admin' });
  const { body } = await api(tool.url, PROGRAMME_API.schools, { token: admin });
  const courseA = body.courses.find((course: { title: string }) => course.title === 'Course A').key;
  const schoolId = testId();
  await api(tool.url, PROGRAMME_API.school(schoolId), {
    method: 'PUT',
    token: admin,
    body: { name: 'Northfield Academy', courseKeys: [courseA] },
  });
  await api(tool.url, PROGRAMME_API.leader('leader-1'), {
    method: 'PUT',
    token: admin,
    body: { name: 'Dana Leader', schoolId },
  });

  browser = await launchBrowser({ withExtension: false, locale: 'en-GB', timezoneId: 'Europe/London' });
  await browser.context.clock.setFixedTime(programmeClock.now);
  page = await browser.context.newPage();
  // The launch is real (OIDC login, signed id_token, the tool's checks); the browser is handed the
  // page the tool answered it with, at the tool's own address, as the LMS's frame would be.
  const launch = await launchOutcome(tool.url, school, {
    userId: 'leader-1',
    course: 'leaders',
    role: 'learner',
    activity: 'programme',
  });
  expect(launch.status).toBe(200);
  await page.route(`${tool.url}/leader-launch`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: launch.html }),
  );
  await page.goto(`${tool.url}/leader-launch`);
});
afterAll(async () => {
  await browser?.close();
  await school?.close();
  await tool?.close();
});

const headlineValue = (label: string) =>
  page.getByTestId('programme-headline').locator('div', { hasText: label }).locator('dd').textContent();

describe('a school leader reads the programme view, in Chromium', () => {
  it('opens on their school, led by cadence and steps secured, with accessible charts', async () => {
    await page.getByRole('heading', { level: 1, name: 'Is coaching sustained?' }).waitFor();
    await page.getByTestId('programme-headline').waitFor();
    expect(await page.getByTestId('programme-scope').textContent()).toContain('Northfield Academy');
    expect(await headlineValue('Median days between conversations')).toBe('14 days');
    expect(await headlineValue('Teachers with a step secured')).toBe('100%');
    // Two conversations per teacher in January, over the default three months.
    expect(await headlineValue('Conversations per teacher coached')).toBe('0.7');
    await expect
      .poll(() => page.getByRole('img', { name: /Coach A: 2 of \d+ weeks with a conversation/ }).count())
      .toBe(1);
    expect(await page.getByText('Course B').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('changes the period and the figures and charts follow', async () => {
    const before = await page
      .getByRole('img', { name: /Northfield Academy/ })
      .getAttribute('aria-labelledby');
    const strip = page.getByRole('img', { name: /^Coach A:/ });
    const weeksBefore = await strip.locator('rect').count();
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'This month' });
    await expect.poll(() => headlineValue('Conversations per teacher coached')).toBe('2');
    // January alone: fewer weeks in the cadence strip, one bar per school.
    await expect.poll(() => strip.locator('rect').count()).toBeLessThan(weeksBefore);
    expect(
      await page
        .getByRole('img', { name: /Northfield Academy/ })
        .locator('rect')
        .count(),
    ).toBe(1);
    expect(before).toBeTruthy();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows each chart as its table on request', async () => {
    await page.getByRole('button', { name: 'Show as a table' }).nth(1).click();
    const table = page.getByRole('table', { name: /Conversations each week/ });
    await table.waitFor();
    expect(await table.getByRole('rowheader', { name: 'Coach A' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});
