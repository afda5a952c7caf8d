import { defineConfig } from 'wxt';

// The extension lives in extension/; shared/ is imported by relative path so the
// same coaching core serves the LTI pages too.
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  imports: false,
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  svelte: {
    vite: {
      // Google pages enforce Trusted Types: template cloning via innerHTML is refused.
      compilerOptions: { fragments: 'tree' },
    },
  },
  manifest: ({ browser }) => ({
    name: 'Action Step Coach',
    description:
      'Shows your current coaching action step beside your lesson planning. Never reads the page it sits on.',
    permissions: ['storage', 'alarms'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'action-step-coach@coaching-in-context.example',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
