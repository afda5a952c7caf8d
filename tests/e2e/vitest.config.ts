import { defineConfig } from 'vitest/config';

// End-to-end: the built extension and the real tool, driven in Debian's Chromium (Playwright)
// and Firefox ESR (Puppeteer over WebDriver BiDi).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    // Two files at once (each with its own browser, servers, profile and X display): 127 s → 92 s
    // on 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
