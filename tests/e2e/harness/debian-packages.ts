import { existsSync } from 'node:fs';

/**
 * The browsers and tools the end-to-end tests drive come from Debian's packages, which `.ci/run`
 * installs. The tests only check: present, done; missing, an error naming the package to install.
 */
export function requireDebianPackages(needs: {
  executables: readonly string[];
  packages: readonly string[];
  /** How to point the tests at a copy elsewhere, e.g. 'or set CHROMIUM_PATH'. */
  alternative?: string;
}): void {
  const missing = needs.executables.filter((file) => !existsSync(file));
  if (missing.length === 0) return;
  throw new Error(
    `${missing.join(', ')} not found: install the Debian package${needs.packages.length > 1 ? 's' : ''} ` +
      `${needs.packages.join(' ')} ("apt-get install -y ${needs.packages.join(' ')}", as .ci/run does)` +
      (needs.alternative ? `, ${needs.alternative}.` : '.'),
  );
}
