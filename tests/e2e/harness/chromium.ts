import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireDebianPackages } from './debian-packages.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../../../.output/chrome-mv3');

/** Debian's Chromium is the browser. */
export function ensureChromium(): string {
  requireDebianPackages({
    executables: [CHROMIUM],
    packages: ['chromium'],
    alternative: 'or set CHROMIUM_PATH',
  });
  return CHROMIUM;
}

export interface BrowserSession {
  context: BrowserContext;
  extensionId: string | null;
  /** The first-run page the extension opened when it was installed, if `keepWelcome` was set. */
  welcome: Page | null;
  close(): Promise<void>;
}

/**
 * The welcome page the extension opens in a new tab on install (extension/services/first-run.ts).
 * Fails the launch if it does not open.
 */
async function installedWelcomePage(context: BrowserContext, extensionId: string): Promise<Page> {
  const url = `chrome-extension://${extensionId}/welcome.html`;
  // Looked for and listened for in the same tick: a page that opens in between is not missed.
  const opened = context.pages().find((page) => page.url() === url);
  if (opened) return opened;
  const missing = `The extension did not open ${url} when it was installed (is ${EXTENSION_DIR} current?)`;
  return context
    .waitForEvent('page', { predicate: (page) => page.url() === url, timeout: 30_000 })
    .catch((error: unknown) => {
      throw new Error(missing, { cause: error });
    });
}

/**
 * A persistent Chromium profile, optionally with the built extension loaded, and
 * real lesson-planning hostnames mapped to the local fixture server.
 */
export async function launchBrowser(options: {
  withExtension: boolean;
  hostMap?: { hosts: string[]; port: number };
  /**
   * The user's "Third-party cookies" setting (chrome://settings/cookies), written into the
   * profile before start. Unset: Chromium's default (which blocks them in this build).
   */
  thirdPartyCookies?: 'allow' | 'block';
  /** A headed window on this X display (virtual-display.ts), for real key presses; else headless. */
  display?: string;
  /**
   * Keep the welcome page the extension opens on install (as `welcome`). Otherwise it is closed
   * once it has opened, and every test starts from the same tabs.
   */
  keepWelcome?: boolean;
  /**
   * The pages' locale and time zone (Playwright's emulation), for text that must not depend on the
   * machine (screenshots). Unset: the machine's. Form controls (date and time fields) keep the
   * browser's own language: Debian's Chromium ships only en-US without chromium-l10n.
   */
  locale?: string;
  timezoneId?: string;
}): Promise<BrowserSession> {
  const executablePath = ensureChromium();
  if (options.withExtension && !existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`The extension is not built at ${EXTENSION_DIR}: run "npm run build".`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'coaching-chromium-'));
  if (options.thirdPartyCookies) {
    // CookieControlsMode: 0 allows third-party cookies, 1 blocks them.
    const mode = options.thirdPartyCookies === 'block' ? 1 : 0;
    mkdirSync(path.join(profile, 'Default'));
    writeFileSync(
      path.join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { cookie_controls_mode: mode } }),
    );
  }
  const args = [
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    // A synthetic microphone (a beep): trainees' recordings are real MediaRecorder output.
    '--use-fake-device-for-media-stream',
  ];
  if (options.withExtension)
    args.push(`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`);
  if (options.hostMap) {
    const rules = options.hostMap.hosts.map((host) => `MAP ${host} 127.0.0.1:${options.hostMap!.port}`);
    args.push(`--host-resolver-rules=${rules.join(', ')}`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: options.display === undefined,
    ...(options.display === undefined ? {} : { env: { ...process.env, DISPLAY: options.display } }),
    args,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  let extensionId: string | null = null;
  let welcome: Page | null = null;
  if (options.withExtension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(worker.url()).host;
    welcome = await installedWelcomePage(context, extensionId).catch(async (error: unknown) => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      throw error;
    });
    if (!options.keepWelcome) {
      await welcome.close();
      welcome = null;
    }
  }
  return {
    context,
    extensionId,
    welcome,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
