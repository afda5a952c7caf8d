import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The browsers and tools the end-to-end tests drive come from Debian's packages. Present: done.
 * Missing: installed with apt when we run as root (as .ci/run does), else an error that says
 * exactly what to run.
 */
export function ensureDebianPackages(needs: {
  executables: readonly string[];
  packages: readonly string[];
  /** How to point the tests at a copy elsewhere, e.g. 'or set CHROMIUM_PATH'. */
  alternative?: string;
}): void {
  const present = () => needs.executables.every((file) => existsSync(file));
  if (present()) return;
  if (process.getuid?.() === 0) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...needs.packages], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (present()) return;
  }
  const missing = needs.executables.filter((file) => !existsSync(file)).join(', ');
  throw new Error(
    `${missing} not found: run "sudo apt-get install -y ${needs.packages.join(' ')}"` +
      (needs.alternative ? ` (${needs.alternative}).` : '.'),
  );
}
