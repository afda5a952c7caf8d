import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';

export const WEB_BUILD_DIR = fileURLToPath(new URL('../../.output/lti-web', import.meta.url));

const ManifestSchema = v.record(
  v.string(),
  v.object({ file: v.string(), css: v.optional(v.array(v.string()), []), isEntry: v.optional(v.boolean()) }),
);

export interface PageAssets {
  script: string;
  styles: string[];
}

/** Finds each page's built script and styles in Vite's manifest; fails fast if the build is missing. */
export function loadPageAssets(buildDir = WEB_BUILD_DIR): Record<'coach' | 'teacher', PageAssets> {
  const manifestFile = path.join(buildDir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`The LTI pages are not built (${manifestFile} is missing): run "npm run build:web".`);
  }
  const manifest = v.parse(ManifestSchema, JSON.parse(readFileSync(manifestFile, 'utf8')));
  const find = (page: 'coach' | 'teacher'): PageAssets => {
    const entry = Object.entries(manifest).find(
      ([key, chunk]) => chunk.isEntry && key.endsWith(`pages/${page}/main.ts`),
    );
    if (!entry) throw new Error(`The web build has no entry for the ${page} page.`);
    return { script: `/assets/${entry[1].file}`, styles: entry[1].css.map((file) => `/assets/${file}`) };
  };
  return { coach: find('coach'), teacher: find('teacher') };
}
