import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import * as v from 'valibot';
import { APP_ROOT } from '../core/app-root.ts';
import {
  resolvePageAssets,
  resolveServedFile,
  SERVED_FILES,
  ViteManifestSchema,
  type PageAssets,
  type ServedFile,
  type ServedFileName,
  type ViteManifest,
} from '../web/asset-manifest.ts';
import type { Page } from '../web/bootstrap.ts';

export type { PageAssets, ServedFileName };
export { SERVED_FILES };

/** The Svelte pages' build (vite.config.ts), served at /assets. */
export const WEB_BUILD_DIR = path.join(APP_ROOT, '.output', 'lti-web');
/** The server-rendered pages' stylesheets and scripts (vite.served.config.ts), each at its own URL. */
export const SERVED_BUILD_DIR = path.join(APP_ROOT, '.output', 'lti-served');

const MISSING = 'The LTI pages are not built: run "npm run build:web".';

/** Finds each page's built script and styles in Vite's manifest; fails fast if the build is missing. */
export function loadPageAssets(buildDir = WEB_BUILD_DIR): Record<Page, PageAssets> {
  const manifestFile = path.join(buildDir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${MISSING} (${manifestFile} is missing)`);
  const manifest = v.parse(ViteManifestSchema, JSON.parse(readFileSync(manifestFile, 'utf8')));
  return {
    coach: resolvePageAssets(manifest, 'coach'),
    teacher: resolvePageAssets(manifest, 'teacher'),
    practice: resolvePageAssets(manifest, 'practice'),
    provider: resolvePageAssets(manifest, 'provider'),
    programme: resolvePageAssets(manifest, 'programme'),
  };
}

/** Each served file's built file (an absolute path), from the build's manifests; fails fast if any is missing. */
export function loadServedFiles(buildDir = SERVED_BUILD_DIR): Record<ServedFileName, string> {
  const manifestDir = path.join(buildDir, '.vite');
  if (!existsSync(manifestDir)) throw new Error(`${MISSING} (${manifestDir} is missing)`);
  const manifest: ViteManifest = {};
  for (const name of readdirSync(manifestDir).filter((file) => file.endsWith('.json'))) {
    Object.assign(
      manifest,
      v.parse(ViteManifestSchema, JSON.parse(readFileSync(path.join(manifestDir, name), 'utf8'))),
    );
  }
  const files = Object.fromEntries(
    Object.keys(SERVED_FILES).map((name) => [
      name,
      path.join(buildDir, resolveServedFile(manifest, name as ServedFileName)),
    ]),
  );
  return files as Record<ServedFileName, string>;
}

/**
 * Sends a built file at its fixed URL. Its URL outlives a release, so browsers revalidate it
 * (ETag) instead of keeping a stale copy.
 */
export function servedFile(file: string): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file, { lastModified: false }, (error) => (error ? next(error) : undefined));
  };
}

/** Every served file at its fixed URL; the demo LMS's only while it runs. */
export function servedFileRoutes(files: Record<ServedFileName, string>, options: { demo: boolean }): Router {
  const router = Router();
  for (const [name, file] of Object.entries(SERVED_FILES) as [ServedFileName, ServedFile][]) {
    if (!file.demo || options.demo) router.get(file.url, servedFile(files[name]));
  }
  return router;
}
