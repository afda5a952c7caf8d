import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../harness/free-port.ts';

async function waitForHealth(url: string, deadline: number, alive: () => boolean): Promise<void> {
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('npm start exited before /healthz answered');
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not healthy in time`);
}

/**
 * The newcomer's path, timed: clone the committed tree, `npm install`, `npm start`,
 * until /healthz answers. Uses the machine's npm cache, as a second install would.
 */
export async function timeFreshStart(
  repo: string,
): Promise<{ installS: number; startS: number; totalS: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'coaching-fresh-'));
  try {
    execFileSync('git', ['clone', '--quiet', repo, dir]);
    const t0 = performance.now();
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const t1 = performance.now();
    const port = await freePort();
    const child = spawn('npm', ['start'], {
      cwd: dir,
      env: { ...process.env, PORT: String(port), DATA_DIR: path.join(dir, 'data') },
      stdio: 'ignore',
      detached: true,
    });
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await waitForHealth(`http://localhost:${port}/healthz`, Date.now() + 300_000, () => !exited);
    } finally {
      if (child.pid && !exited) process.kill(-child.pid, 'SIGTERM');
    }
    const t2 = performance.now();
    return { installS: (t1 - t0) / 1000, startS: (t2 - t1) / 1000, totalS: (t2 - t0) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
