import axe from 'axe-core';
import { expect } from 'vitest';

/** Runs axe-core on the whole document; jsdom has no layout, so contrast lands in "incomplete", not here. */
export async function expectNoAxeViolations(): Promise<void> {
  const results = await axe.run(document);
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
}
