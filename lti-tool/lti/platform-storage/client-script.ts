import type { RequestHandler } from 'express';
import { build } from 'esbuild';

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles a small browser script written in TypeScript (with valibot) the way tsx already runs
 * the server: esbuild, once per process, on first request. Pages stay free of inline script
 * (CSP script-src 'self') and need no separate web build.
 */
export function bundleClientScript(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
    }).then((result) => result.outputFiles[0]!.text);
    // A failed build is retried on the next request instead of being cached.
    bundle.catch(() => bundles.delete(entry));
    bundles.set(entry, bundle);
  }
  return bundle;
}

/** Serves a bundled client script, revalidated on each use: it changes with the server. */
export function clientScriptRoute(entry: string): RequestHandler {
  return (_req, res, next) => {
    bundleClientScript(entry).then((code) => {
      res.type('application/javascript').setHeader('Cache-Control', 'no-cache').send(code);
    }, next);
  };
}
