import { existsSync } from 'node:fs';
import path from 'node:path';

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${from} or above it.`);
  }
}

/**
 * The folder of package.json: the repo root, whether the server runs from source (lti-tool/…)
 * or built (dist/…). Files read at start (starter modules, the web build) are found from here,
 * never from a module's own folder, which the build moves.
 */
export const APP_ROOT = packageRoot(import.meta.dirname);
