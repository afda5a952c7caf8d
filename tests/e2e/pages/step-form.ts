import type { ActionStepInput } from '../../../shared/domain/coaching/action-step.ts';

/** What Playwright's and Puppeteer's pages both offer: a locator that can fill a field. */
interface FillablePage {
  locator(selector: string): { fill(value: string): Promise<void> };
}

/** Types a step into the options page's "use it on your own" form (not saved yet). */
export async function fillLocalStepForm(page: FillablePage, step: ActionStepInput): Promise<void> {
  await page.locator('[name="goal"]').fill(step.goal);
  await page.locator('[name="title"]').fill(step.title);
  await page.locator('[name="successCriteria"]').fill(step.successCriteria.join('\n'));
  await page.locator('[name="whenToPractise"]').fill(step.whenToPractise);
  await page.locator('[name="why"]').fill(step.why ?? '');
}
