import { execFileSync, spawn } from 'node:child_process';
import { requireDebianPackages } from './debian-packages.ts';

const XVFB = '/usr/bin/Xvfb';
const XDOTOOL = '/usr/bin/xdotool';

export interface VirtualDisplay {
  /** The DISPLAY value, e.g. ":99". */
  display: string;
  /**
   * Presses keys as the X server delivers them to the focused window (xdotool syntax,
   * "alt+shift+k"): a real key press, which reaches the browser's own shortcuts, unlike
   * CDP's synthetic events, which go straight to the page.
   */
  pressKeys(keys: string): void;
  close(): void;
}

/** A private X server for a headed browser; Xvfb picks a free display and reports it when ready. */
export async function startVirtualDisplay(): Promise<VirtualDisplay> {
  requireDebianPackages({ executables: [XVFB, XDOTOOL], packages: ['xvfb', 'xdotool'] });
  const server = spawn(XVFB, ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const number = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.trim());
    });
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
  });
  const display = `:${number}`;
  return {
    display,
    pressKeys(keys) {
      execFileSync(XDOTOOL, ['key', '--clearmodifiers', keys], { env: { ...process.env, DISPLAY: display } });
    },
    close() {
      server.kill();
    },
  };
}
