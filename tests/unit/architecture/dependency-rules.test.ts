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

/**
 * The folder a file belongs to for the cycle rule: the top two levels (`lti-tool/api`,
 * `extension/features`), and each LTI capability on its own (`lti-tool/lti/launch`).
 */
function folderOf(file: string): string {
  const parts = file.split(path.sep);
  const depth = parts[0] === 'lti-tool' && parts[1] === 'lti' ? 3 : 2;
  return parts.slice(0, Math.min(depth, parts.length - 1)).join('/');
}

/** Folders that reach each other through imports (strongly connected), with one import per edge. */
function folderCycles(dirs: readonly string[]): string[][] {
  const edges = new Map<string, Map<string, string>>();
  for (const file of dirs.flatMap(sourceFiles)) {
    for (const target of importsOf(file)) {
      if (!/^(lti-tool|extension|shared)\//.test(target)) continue;
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from)?.set(to, `${file} → ${target}`);
    }
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (folder: string) => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder) ?? 0);
    stack.push(folder);
    for (const next of edges.get(folder)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) {
        low.set(folder, Math.min(low.get(folder) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(folder) !== index.get(folder)) return;
    const members: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      members.push(member);
      if (member === folder) break;
    }
    if (members.length > 1) {
      cycles.push(members.flatMap((a) => members.flatMap((b) => edges.get(a)?.get(b) ?? [])).sort());
    }
  };
  for (const folder of edges.keys()) if (!index.has(folder)) visit(folder);
  return cycles;
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

  it('shared/ui imports only the domain, Svelte and itself (data comes in by props, out by callbacks)', () => {
    expect(
      violations(
        'shared/ui',
        (t) =>
          !t.startsWith(path.join('shared', 'ui') + path.sep) &&
          !t.startsWith(path.join('shared', 'domain') + path.sep) &&
          t !== 'svelte' &&
          !t.startsWith('svelte/'),
      ),
    ).toEqual([]);
  });

  it('shared/ never imports the extension or the LTI tool', () => {
    expect(violations('shared', (t) => t.startsWith('extension') || t.startsWith('lti-tool'))).toEqual([]);
  });

  it('only lti-tool/lti/keys/provider.ts loads ltijs', () => {
    const files = [...sourceFiles('lti-tool'), ...sourceFiles('shared'), ...sourceFiles('extension')];
    const users = files.filter((file) => importsOf(file).some((t) => t.startsWith('ltijs')));
    expect(users).toEqual([path.join('lti-tool', 'lti', 'keys', 'provider.ts')]);
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

  it('no two folders import each other, directly or through others', () => {
    expect(folderCycles(['lti-tool', 'extension', 'shared'])).toEqual([]);
  });

  it('only the composition roots (lti-tool/server, lti-tool/cli) import lti-tool/server', () => {
    const roots = [path.join('lti-tool', 'server'), path.join('lti-tool', 'cli')];
    const others = ['lti-tool', 'extension', 'shared']
      .flatMap(sourceFiles)
      .filter((file) => !roots.some((root) => file.startsWith(root + path.sep)));
    const offenders = others.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith(path.join('lti-tool', 'server') + path.sep))
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('lti-tool/core imports nothing else of the tool', () => {
    expect(
      violations(
        'lti-tool/core',
        (t) => t.startsWith('lti-tool') && !t.startsWith(path.join('lti-tool', 'core')),
      ),
    ).toEqual([]);
  });

  it('db/ implements ports: only the composition roots import lti-tool/db', () => {
    const allowed = ['server', 'cli', 'db'].map((dir) => path.join('lti-tool', dir) + path.sep);
    const offenders = sourceFiles('lti-tool')
      .filter((file) => !allowed.some((dir) => file.startsWith(dir)))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => target.startsWith(path.join('lti-tool', 'db') + path.sep))
          .map((target) => `${file} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });
});
