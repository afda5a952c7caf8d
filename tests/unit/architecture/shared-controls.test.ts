import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Input types a person types text into: these go through TextField (shared/ui/field). */
const TEXT_TYPES = new Set(['text', 'search', 'url', 'email', 'tel', 'password']);

/**
 * The text boxes and selects that stay outside the shared field components, with why. The count is
 * how many such tags the file holds; an entry whose markup is gone fails too, so the list stays true.
 */
const ALLOWED: Record<string, { count: number; reason: string }> = {
  'lti-tool/lti/deep-linking/deep-linking-routes.ts': {
    count: 3,
    reason:
      'The deep-linking picker is server-rendered HTML, no Svelte: its search box and two filter selects are a GET form that works without script.',
  },
  'lti-tool/web/pages/teacher/teacher-page.svelte': {
    count: 1,
    reason:
      'The pairing link is read-only, selected on focus and copied by the button beside it: nothing is typed, so no hint, error or counter.',
  },
};

function files(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...files(rel, pattern));
    else if (pattern.test(name)) out.push(rel);
  }
  return out;
}

/** The opening tag that starts at `start`, up to its `>` outside quotes and Svelte `{…}` expressions. */
function tagAt(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === '`') {
      quote = char;
    } else if (char === '{') {
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
    } else if (char === '>' && depth <= 0) {
      return text.slice(start, index + 1);
    }
  }
  return text.slice(start);
}

/** Every `<textarea>`, `<select>` and text `<input>` a file writes itself. */
function ownTextControls(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/<(input|textarea|select)\b/g)) {
    const tag = tagAt(text, match.index);
    if (match[1] !== 'input') {
      found.push(tag);
      continue;
    }
    // A literal type; an input without one is a text input. A type written as an expression is the
    // caller's to choose (a radio or checkbox in server-rendered lists), not a text box.
    const type = /\stype=["']([^"'{}$]*)["']/.exec(tag)?.[1];
    const dynamic = /\stype=(\{|["'][^"']*[{$])/.test(tag);
    if (dynamic) continue;
    if (type === undefined || TEXT_TYPES.has(type.toLowerCase())) found.push(tag);
  }
  return found;
}

describe('architecture: one set of form controls', () => {
  it('no extension or LTI page writes its own text box or select outside shared/ui/field', () => {
    const scanned = [
      ...files('extension', /\.svelte$/),
      ...files('lti-tool', /\.svelte$/),
      // Server-rendered pages build their HTML in TypeScript.
      ...files('lti-tool', /\.ts$/),
      ...files('extension', /\.ts$/),
    ];
    const counts: Record<string, number> = {};
    for (const file of scanned) {
      const own = ownTextControls(file);
      if (own.length > 0) counts[file] = own.length;
    }
    const allowed = Object.fromEntries(Object.entries(ALLOWED).map(([file, entry]) => [file, entry.count]));
    expect(counts).toEqual(allowed);
  });

  it('the scan finds the controls it is meant to find', () => {
    // The shared components are the one place these tags live, so the scanner must see them there.
    const shared = files('shared/ui/field', /\.svelte$/).flatMap(ownTextControls);
    expect(shared.some((tag) => tag.startsWith('<textarea'))).toBe(true);
    expect(shared.some((tag) => tag.startsWith('<select'))).toBe(true);
    expect(shared.some((tag) => tag.startsWith('<input'))).toBe(true);
  });
});
