import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/free-port.ts';

/** What `npm start` runs once `npm run build` has built it (test:e2e builds first). */
const SERVER = path.resolve('dist/server/main.js');

let child: ChildProcess;
let dataDir: string;
let base: string;
let output = '';

async function healthy(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the built server exited:\n${output}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer in time:\n${output}`);
}

beforeAll(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-built-'));
  base = `http://localhost:${port}`;
  child = spawn(process.execPath, ['--enable-source-maps', SERVER], {
    env: { ...process.env, PORT: String(port), PUBLIC_URL: base, DATA_DIR: dataDir, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await healthy(`${base}/healthz`, Date.now() + 60_000);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the built server (npm start runs plain node on dist/)', () => {
  it('imports neither tsx nor esbuild: nothing is compiled while it runs', () => {
    const code = readFileSync(SERVER, 'utf8');
    expect(code).not.toMatch(/from\s+["'](esbuild|tsx)["']/);
    expect(code).not.toMatch(/import\(\s*["'](esbuild|tsx)["']\s*\)/);
    expect(readFileSync(`${SERVER}.map`, 'utf8')).toContain('lti-tool/server/start-server.ts');
  });

  it('serves its pages, the Svelte pages’ build and the server-rendered pages’ files', async () => {
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain(`<code>${base}/lti/login</code>`);

    const manifest = JSON.parse(readFileSync('.output/lti-web/.vite/manifest.json', 'utf8')) as Record<
      string,
      { file: string }
    >;
    const coach = manifest['lti-tool/web/pages/coach/main.ts']!.file;
    const script = await fetch(`${base}/assets/${coach}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);

    const storage = await fetch(`${base}/lti/platform-storage.js`);
    expect(storage.status).toBe(200);
    expect(await storage.text()).toContain('lti.put_data');
    const demo = await (await fetch(`${base}/demo`)).text();
    expect(demo).toContain('<link rel="stylesheet" href="/demo/demo-lms.css">');
    expect((await fetch(`${base}/demo/demo-lms.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });
});
