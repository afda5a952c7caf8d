import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CoachingModule } from '../../shared/domain/coaching/module.ts';
import { APP_ROOT } from '../core/app-root.ts';
import { parseModuleFile } from './module-file.ts';

/** The folder of starter module files, next to this file in the source tree (the built server reads them there too). */
export const STARTER_DIR = path.join(APP_ROOT, 'lti-tool', 'modules', 'starter');

/** Starter modules change only with a release, so they carry one fixed version and date. */
export const STARTER_VERSION = 1;
export const STARTER_UPDATED_AT = '2026-11-01T00:00:00.000Z';

const cache = new Map<string, readonly CoachingModule[]>();

/**
 * Every starter module in `dir` (each `*.yaml`, read in file-name order), sorted by title.
 * Throws at startup if any file is invalid or two files share an id: a broken library must not ship.
 */
export function loadStarterModules(dir: string = STARTER_DIR): readonly CoachingModule[] {
  const key = path.resolve(dir);
  const cached = cache.get(key);
  if (cached) return cached;

  const files = readdirSync(key)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  const problems: string[] = [];
  const fileById = new Map<string, string>();
  const modules: CoachingModule[] = [];
  for (const file of files) {
    const result = parseModuleFile(file, readFileSync(path.join(key, file), 'utf8'));
    if (!result.ok) {
      for (const p of result.problems) {
        problems.push(`${p.file}${p.line === null ? '' : `:${p.line}`} ${p.field || '(file)'}: ${p.message}`);
      }
      continue;
    }
    for (const definition of result.modules) {
      const first = fileById.get(definition.id);
      if (first) problems.push(`${file} ${definition.id}: id already used in ${first}`);
      fileById.set(definition.id, first ?? file);
      modules.push({
        ...definition,
        origin: 'starter',
        version: STARTER_VERSION,
        updatedAt: STARTER_UPDATED_AT,
      });
    }
  }
  if (files.length === 0) problems.push('no *.yaml module files found');
  if (problems.length > 0) {
    throw new Error(`Invalid starter modules in ${key}:\n  ${problems.join('\n  ')}`);
  }

  // Shared by every request and read-only by definition: freezing turns an accidental edit into an error.
  const sorted = deepFreeze(
    modules.sort((a, b) => a.title.localeCompare(b.title, 'en-GB') || a.id.localeCompare(b.id)),
  );
  cache.set(key, sorted);
  return sorted;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
