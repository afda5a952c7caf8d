import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one file at a time on our 2-core
    // machines, with the second core idle. Two at once: the unit run 465 s → 272 s, same CPU.
    maxWorkers: 2,
    projects: [
      {
        // Browser-side code: domain, data layer on fake-indexeddb, components, extension.
        plugins: [WxtVitest(), svelte({ compilerOptions: { fragments: 'tree' } }), svelteTesting()],
        test: {
          name: 'dom',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/shared/**/*.test.ts'],
          environment: 'jsdom',
          // A project does not inherit the root's testTimeout: without this it is 5 s, which a page
          // test that types into twenty fields can pass on a busy 2-core runner.
          testTimeout: 20_000,
          setupFiles: ['tests/harness/setup.ts'],
        },
      },
      {
        // The LTI tool on a real port with SQLite and the demo LMS.
        test: {
          name: 'server',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          include: ['tests/integration/lti-tool/**/*.test.ts'],
          // Every tool's log, searched at the end for secrets and typed text (tool-logs-global-setup.ts).
          globalSetup: [
            'tests/harness/served-files-global-setup.ts',
            'tests/harness/tool-logs-global-setup.ts',
          ],
          environment: 'node',
        },
      },
      {
        // The LTI tool on PostgreSQL, one or two processes: one throwaway cluster for the run,
        // a database of its own for each file (tests/harness/postgres.ts).
        test: {
          name: 'postgres',
          include: ['tests/integration/postgres/**/*.test.ts'],
          // The cluster, and the server-rendered pages' files every tool process loads at start.
          globalSetup: [
            'tests/harness/postgres-global-setup.ts',
            'tests/harness/served-files-global-setup.ts',
            'tests/harness/tool-logs-global-setup.ts',
          ],
          environment: 'node',
          // Tool processes start in a few seconds each on a 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
