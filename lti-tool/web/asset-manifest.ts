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
  programme: 'lti-tool/web/pages/programme/main.ts',
} as const satisfies Record<Page, string>;

/** A file a server-rendered page loads by a fixed URL, built from `entry` (vite.served.config.ts). */
export interface ServedFile {
  url: string;
  /** The source file, relative to the repo root: its key in the manifest. */
  entry: string;
  /** Served only while the demo LMS runs. */
  demo?: boolean;
}

/**
 * The stylesheets and scripts of the server-rendered pages (deep-linking picker, platform-storage
 * and registration pages, the demo LMS). Each script is built as one self-contained classic
 * script, so it needs no other file and works at its fixed URL; none is ever inline (CSP).
 */
export const SERVED_FILES = {
  pickerCss: {
    url: '/lti/deep-linking/picker.css',
    entry: 'lti-tool/web/server-rendered/deep-linking-picker.css',
  },
  pickerScript: {
    url: '/lti/deep-linking/picker.js',
    entry: 'lti-tool/web/server-rendered/deep-linking-picker.ts',
  },
  ltiAutosubmit: { url: '/lti/autosubmit.js', entry: 'lti-tool/web/server-rendered/autosubmit.ts' },
  registrationClose: {
    url: '/lti/registration-close.js',
    entry: 'lti-tool/web/server-rendered/registration-close.ts',
  },
  platformStorage: {
    url: '/lti/platform-storage.js',
    entry: 'lti-tool/lti/platform-storage/platform-storage-client.ts',
  },
  demoCss: { url: '/demo/demo-lms.css', entry: 'lti-tool/web/server-rendered/demo-lms.css', demo: true },
  demoAutosubmit: {
    url: '/demo/autosubmit.js',
    entry: 'lti-tool/web/server-rendered/autosubmit.ts',
    demo: true,
  },
  demoPlatformStorage: {
    url: '/demo/platform-storage.js',
    entry: 'lti-tool/demo-lms/platform-storage-client.ts',
    demo: true,
  },
  demoFrameResize: {
    url: '/demo/frame-resize.js',
    entry: 'lti-tool/web/server-rendered/demo-frame-resize.ts',
    demo: true,
  },
} as const satisfies Record<string, ServedFile>;
export type ServedFileName = keyof typeof SERVED_FILES;

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

/** A served file's built file, relative to the build folder; throws if the build lacks it. */
export function resolveServedFile(manifest: ViteManifest, name: ServedFileName): string {
  const entry = manifest[SERVED_FILES[name].entry];
  if (!entry) throw new Error(`The web build has no ${SERVED_FILES[name].entry}; run npm run build:web.`);
  // A stylesheet entry is listed as its CSS file.
  return entry.file;
}
