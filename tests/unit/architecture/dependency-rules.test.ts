import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|svelte)$/.test(name)) out.push(rel);
  }
  return out;
}

/** Every module specifier a file imports, resolved to a repo-relative path when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
  return specs.map((spec) => (spec.startsWith('.') ? path.join(path.dirname(file), spec) : spec));
}

function violations(dir: string, forbidden: (target: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${file} → ${target}`),
  );
}

describe('architecture: dependencies point inwards', () => {
  it('shared/domain imports nothing outside itself except valibot', () => {
    expect(violations('shared/domain', (t) => !t.startsWith('shared/domain') && t !== 'valibot')).toEqual([]);
  });

  it('shared/protocol imports only the domain', () => {
    expect(
      violations(
        'shared/protocol',
        (t) => !t.startsWith('shared/domain') && !t.startsWith('shared/protocol') && t !== 'valibot',
      ),
    ).toEqual([]);
  });

  it('shared/ never imports the extension or the LTI tool', () => {
    expect(violations('shared', (t) => t.startsWith('extension') || t.startsWith('lti-tool'))).toEqual([]);
  });

  it('only lti-tool/lti/keys/provider.ts loads ltijs', () => {
    const files = [...sourceFiles('lti-tool'), ...sourceFiles('shared'), ...sourceFiles('extension')];
    const users = files.filter((file) => importsOf(file).some((t) => t.startsWith('ltijs')));
    expect(users).toEqual([path.join('lti-tool', 'lti', 'provider.ts')]);
  });

  it('only lti-tool/db uses sequelize', () => {
    const users = sourceFiles('lti-tool').filter((file) => importsOf(file).includes('sequelize'));
    expect(users.every((file) => file.startsWith(path.join('lti-tool', 'db')))).toBe(true);
    expect(users.length).toBeGreaterThan(0);
  });

  it('the server never imports the browser data layer or UI', () => {
    const serverDirs = ['lti-tool/server', 'lti-tool/api', 'lti-tool/db', 'lti-tool/lti'];
    for (const dir of serverDirs) {
      expect(violations(dir, (t) => t.startsWith('shared/data') || t.startsWith('shared/ui'))).toEqual([]);
    }
  });
});
