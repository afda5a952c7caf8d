/**
 * Vitest global setup for the server and PostgreSQL projects: every tool started by a test logs to
 * one folder (tool-logs.ts), and when the run ends every line of it is searched for what must never
 * be logged: signed tokens (id_tokens, client assertions), private keys, bearer credentials, the
 * fake gradebooks' access tokens, and the text the fixtures type as teachers and coaches. A find
 * fails the run, naming the file and line (the match itself is shown cut short).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOOL_LOG_DIR_ENV } from './tool-logs.ts';
import { TYPED } from './typed-texts.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LEAKS: [string, RegExp][] = [
  ['a signed token (JWT)', /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
  ['a private key', /PRIVATE KEY-----/],
  ['a bearer credential', /Bearer [\w.~+/-]{8,}/],
  ['an LMS access token', /ags-token-[0-9a-f-]{36}/],
  ['text a fixture typed', new RegExp(Object.values(TYPED).map(escape).join('|'))],
];

export default function setup(): () => void {
  // Both projects list this setup; the first one run makes the folder and searches it at the end.
  if (process.env[TOOL_LOG_DIR_ENV]) return () => {};
  const dir = mkdtempSync(path.join(tmpdir(), 'coaching-tool-logs-'));
  process.env[TOOL_LOG_DIR_ENV] = dir;
  return () => {
    delete process.env[TOOL_LOG_DIR_ENV];
    const found: string[] = [];
    let lines = 0;
    const names = readdirSync(dir);
    const files = names.length;
    for (const name of names) {
      readFileSync(path.join(dir, name), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (!line) return;
          lines += 1;
          for (const [what, pattern] of LEAKS) {
            const match = pattern.exec(line);
            if (match) found.push(`${name}:${index + 1}: ${what}: ${match[0].slice(0, 12)}…`);
          }
        });
    }
    rmSync(dir, { recursive: true, force: true });
    // Vitest reports an error thrown here but does not fail the run for it: the exit code does.
    const fail = (message: string) => {
      console.error(message);
      process.exitCode = 1;
    };
    if (found.length) {
      fail(
        `The tool logged what it must not (${found.length} of ${lines} lines):\n${found.slice(0, 20).join('\n')}`,
      );
    } else {
      console.log(`Tool logs: ${lines} lines from ${files} tools searched, nothing secret or typed in them.`);
    }
  };
}
