import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { ASSET_BASE, PAGE_ENTRIES } from './asset-manifest.ts';

/** The repo root: manifest keys are paths relative to it (`lti-tool/web/pages/coach/main.ts`). */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export default defineConfig({
  root: repoRoot,
  base: ASSET_BASE,
  publicDir: false,
  plugins: [svelte({ compilerOptions: { fragments: 'tree' } })],
  build: {
    outDir: fileURLToPath(new URL('../../.output/lti-web', import.meta.url)),
    emptyOutDir: true,
    // Files sit at the top of outDir, so the server serves outDir itself at ASSET_BASE.
    assetsDir: '',
    manifest: true,
    rolldownOptions: {
      input: {
        coach: fileURLToPath(new URL(`../../${PAGE_ENTRIES.coach}`, import.meta.url)),
        teacher: fileURLToPath(new URL(`../../${PAGE_ENTRIES.teacher}`, import.meta.url)),
        practice: fileURLToPath(new URL(`../../${PAGE_ENTRIES.practice}`, import.meta.url)),
        provider: fileURLToPath(new URL(`../../${PAGE_ENTRIES.provider}`, import.meta.url)),
        programme: fileURLToPath(new URL(`../../${PAGE_ENTRIES.programme}`, import.meta.url)),
      },
    },
  },
});
