import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Frame, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * In the page: axe-core (WCAG 2.x A/AA and best practices), optionally limited to one element
 * (axe looks inside open shadow roots). Self-contained, so Playwright and Puppeteer can both send it.
 */
export async function runAxeInPage(selector: string | null): Promise<AxeViolation[]> {
  const axe = (
    globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }
  ).axe;
  const result = await axe.run(selector ? { include: [selector] } : document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  });
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    targets: violation.nodes.map((node) => JSON.stringify(node.target)),
  }));
}

/** axe-core's violations in a Playwright page or frame (see runAxeInPage). */
export async function axeViolations(target: Page | Frame, include?: string): Promise<AxeViolation[]> {
  await target.evaluate(AXE_SOURCE);
  return target.evaluate(runAxeInPage, include ?? null);
}
