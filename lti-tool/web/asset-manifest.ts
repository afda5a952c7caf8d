import * as v from 'valibot';
import type { Page } from './bootstrap.ts';

/** Where the built files are served; must match `base` in vite.config.ts. */
export const ASSET_BASE = '/assets/';

/** Each page's Vite entry; these paths (relative to the repo root) are also the manifest keys. */
export const PAGE_ENTRIES = {
  coach: 'lti-tool/web/pages/coach/main.ts',
  teacher: 'lti-tool/web/pages/teacher/main.ts',
  practice: 'lti-tool/web/pages/practice/main.ts',
  provider: 'lti-tool/web/pages/provider/main.ts',
} as const satisfies Record<Page, string>;

const ManifestChunkSchema = v.object({
  file: v.string(),
  isEntry: v.optional(v.boolean()),
  imports: v.optional(v.array(v.string())),
  css: v.optional(v.array(v.string())),
});
/** The parts of `.output/lti-web/.vite/manifest.json` the server needs. */
export const ViteManifestSchema = v.record(v.string(), ManifestChunkSchema);
export type ViteManifest = v.InferOutput<typeof ViteManifestSchema>;

export interface PageAssets {
  /** The entry module: `<script type="module" src>`. */
  script: string;
  /** Stylesheets of the entry and every chunk it imports: `<link rel="stylesheet">`. */
  css: string[];
  /** Chunks the entry imports: optional `<link rel="modulepreload">`. */
  preload: string[];
}

/** Finds a page's script, stylesheets and shared chunks in the Vite manifest, as URLs under ASSET_BASE. */
export function resolvePageAssets(manifest: ViteManifest, page: Page): PageAssets {
  const entry = manifest[PAGE_ENTRIES[page]];
  if (!entry) throw new Error(`The web build has no entry for the ${page} page; run npm run build:web.`);
  const css = new Set<string>();
  const preload = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    for (const file of chunk.css ?? []) css.add(ASSET_BASE + file);
    for (const imported of chunk.imports ?? []) {
      const file = manifest[imported]?.file;
      if (file) preload.add(ASSET_BASE + file);
      visit(imported);
    }
  };
  visit(PAGE_ENTRIES[page]);
  return { script: ASSET_BASE + entry.file, css: [...css], preload: [...preload] };
}
