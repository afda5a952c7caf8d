import { defineConfig } from 'wxt';
import { TOOLBAR_ICON_SIZES, colourIcons, themeIcons } from './shared/ui/brand-icon.ts';

// The extension lives in extension/; shared/ is imported by relative path so the
// same coaching core serves the LTI pages too.
export default defineConfig({
  srcDir: 'extension',
  // Copied as is into each build (the icons); WXT's default is public/ at the root, beside srcDir.
  publicDir: 'extension/public',
  outDir: '.output',
  imports: false,
  // Firefox sources zip (`wxt zip -b firefox`): node_modules and .output are excluded by default.
  zip: { excludeSources: ['data/**', 'dist/**', 'coverage/**'] },
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  svelte: {
    vite: {
      // Google pages enforce Trusted Types: template cloning via innerHTML is refused.
      compilerOptions: { fragments: 'tree' },
    },
  },
  hooks: {
    // Content scripts run on every matching page: they use the browser's own promise-based MV3
    // `browser`/`chrome` (what @wxt-dev/storage already uses) instead of webextension-polyfill
    // (~3 kB gzip). The background and extension pages keep the polyfill.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const alias = config.resolve?.alias ?? [];
      const entries = Array.isArray(alias)
        ? alias
        : Object.entries(alias).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = {
        ...config.resolve,
        alias: [{ find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' }, ...entries],
      };
      // V8's explicit compile hint (Chromium 136+; other engines read a comment): the content
      // script runs nearly all of its code on load, so compiling it at once saves the second parse
      // of lazy compilation (1-2 ms of the page's main thread on tests/bench/heavy-page-cost.ts, noisy).
      // Added after minification, which would drop it.
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'eager-compile-hint',
          generateBundle(_options, bundle) {
            for (const chunk of Object.values(bundle)) {
              if (chunk.type === 'chunk' && chunk.isEntry)
                chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
            }
          },
        },
      ];
    },
  },
  manifest: ({ browser }) => ({
    name: 'Action Step Coach',
    description:
      'Shows your current coaching action step beside your lesson planning. Never reads the page it sits on.',
    // Rendered from shared/ui/brand-icon.ts by `npm run icons`. The blue square reads on light and
    // dark toolbars alike (Chromium has one toolbar icon); Firefox shows its single-colour glyph
    // matching the toolbar's theme.
    icons: colourIcons(),
    action: {
      default_icon: colourIcons(TOOLBAR_ICON_SIZES),
      ...(browser === 'firefox' ? { theme_icons: themeIcons() } : {}),
    },
    // notifications: weekly practice reminders; sidePanel (Chrome only): the fuller card.
    permissions: [
      'storage',
      'alarms',
      'notifications',
      'scripting',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // scripting + optional https hosts: only for sites the teacher adds in the options page, each
    // requested from a click (https://<host>/*) and registered as a content script by the background.
    optional_host_permissions: ['https://*/*'],
    // Alt+Shift+K shows or hides the overlay; the background forwards it to the tab (no `tabs` permission).
    commands: {
      'toggle-overlay': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Show or hide your action step on this page',
      },
    },
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
