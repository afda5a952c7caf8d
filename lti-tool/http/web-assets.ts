import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { resolvePageAssets, ViteManifestSchema, type PageAssets } from '../web/asset-manifest.ts';
import type { Page } from '../web/bootstrap.ts';

export type { PageAssets };

export const WEB_BUILD_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../.output/lti-web',
);

/** Finds each page's built script and styles in Vite's manifest; fails fast if the build is missing. */
export function loadPageAssets(buildDir = WEB_BUILD_DIR): Record<Page, PageAssets> {
  const manifestFile = path.join(buildDir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`The LTI pages are not built (${manifestFile} is missing): run "npm run build:web".`);
  }
  const manifest = v.parse(ViteManifestSchema, JSON.parse(readFileSync(manifestFile, 'utf8')));
  return {
    coach: resolvePageAssets(manifest, 'coach'),
    teacher: resolvePageAssets(manifest, 'teacher'),
    practice: resolvePageAssets(manifest, 'practice'),
    provider: resolvePageAssets(manifest, 'provider'),
  };
}
