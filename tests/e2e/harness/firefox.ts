import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { AXE_SOURCE, runAxeInPage, type AxeViolation } from './axe.ts';
import { requireDebianPackages } from './debian-packages.ts';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.resolve(import.meta.dirname, '../../../.output/firefox-mv3');
/** Fixed through `extensions.webextensions.uuids`, so the extension's pages have a known origin. */
const EXTENSION_UUID = '5c0a5e1e-7e57-4a11-9c0a-c0ac41e2e7e5';

/** Debian's Firefox ESR is the browser. */
export function ensureFirefox(): string {
  requireDebianPackages({
    executables: [FIREFOX],
    packages: ['firefox-esr'],
    alternative: 'or set FIREFOX_PATH',
  });
  const version = execFileSync(FIREFOX, ['--version'], { encoding: 'utf8' });
  const major = Number(/Firefox (\d+)/.exec(version)?.[1] ?? 0);
  if (major < MIN_FIREFOX) {
    throw new Error(
      `${version.trim()} is older than ${MIN_FIREFOX}, the first Firefox the extension declares (wxt.config.ts): ` +
        'run .ci/run, which upgrades firefox-esr from bookworm-security, or set FIREFOX_PATH',
    );
  }
  return FIREFOX;
}

/** The extension's `strict_min_version` for Firefox (wxt.config.ts). */
const MIN_FIREFOX = 142;

/** Hostnames whose https://…:443 a local HTTPS server on `port` answers. */
export interface HostMap {
  hosts: string[];
  port: number;
}

interface HostProxy {
  port: number;
  /** `host:port` of every CONNECT Firefox sent, answered or refused. */
  tunnels: string[];
  close(): Promise<void>;
}

/**
 * An HTTPS proxy (CONNECT only) that tunnels the given hostnames to local HTTPS servers and
 * refuses everything else: Firefox has no `--host-resolver-rules`, and the servers' ports are
 * random.
 */
async function startHostProxy(hostMaps: readonly HostMap[]): Promise<HostProxy> {
  const ports = new Map(hostMaps.flatMap(({ hosts, port }) => hosts.map((host) => [host, port] as const)));
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.off('data', onData);
      const target = /^CONNECT ([^\s:]+):(\d+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'));
      tunnels.push(target ? `${target[1]}:${target[2]}` : head.toString('latin1').split('\r\n')[0]!);
      const port = target?.[2] === '443' ? ports.get(target[1]!) : undefined;
      if (port === undefined) {
        client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const upstream = connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface FirefoxSession {
  browser: Browser;
  /** `moz-extension://<uuid>` of the installed extension. */
  extensionOrigin: string;
  /** Hosts Firefox asked the proxy for (the mapped ones and any it refused). */
  tunnels: string[];
  /** A new tab showing one of the extension's pages, e.g. `options.html`. */
  openExtensionPage(file: string): Promise<Page>;
  /** The first-run page the extension opened when it was installed, if `keepWelcome` was set. */
  welcome: Page | null;
  close(): Promise<void>;
}

/**
 * Firefox (headless, WebDriver BiDi) with the built Firefox MV3 extension installed as a temporary
 * add-on, and real hostnames (lesson-planning sites, the coaching server) answered by local servers.
 */
export async function launchFirefox(options: {
  hostMaps: readonly HostMap[];
  /** Firefox suspends an idle MV3 background (an event page) after this long; its default is 30 s. */
  backgroundIdleMs?: number;
  /** A headed window on this X display (virtual-display.ts), for real key presses; else headless. */
  display?: string;
  /**
   * Keep the welcome page the extension opens on install (as `welcome`). Otherwise it is closed
   * once it has opened, and every test starts from the same tabs.
   */
  keepWelcome?: boolean;
  /**
   * The colour scheme pages see (prefers-color-scheme), fixed for the session: Firefox over BiDi
   * cannot emulate it per page. Unset: the system's.
   */
  colorScheme?: 'light' | 'dark';
}): Promise<FirefoxSession> {
  const executablePath = ensureFirefox();
  const manifestPath = path.join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(
      `The Firefox extension is not built at ${FIREFOX_EXTENSION_DIR}: run "npm run build:ext:firefox".`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const proxy = await startHostProxy(options.hostMaps);
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath,
      headless: options.display === undefined,
      ...(options.display === undefined ? {} : { env: { ...process.env, DISPLAY: options.display } }),
      acceptInsecureCerts: true,
      // Lets BiDi navigate a tab to moz-extension:// pages (refused otherwise). It widens only
      // what the test driver may do, not what pages or the extension may do.
      args: ['-remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
        // permissions.request() grants at once instead of showing the doorhanger prompt.
        'extensions.webextOptionalPermissionPrompts': false,
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.share_proxy_settings': false,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        ...(options.backgroundIdleMs === undefined
          ? {}
          : { 'extensions.background.idle.timeout': options.backgroundIdleMs }),
        ...(options.colorScheme === undefined
          ? {}
          : {
              // 0 dark, 1 light: what web and extension pages are told, whatever the system's theme.
              'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
              'ui.systemUsesDarkTheme': options.colorScheme === 'dark' ? 1 : 0,
            }),
      },
    })
    .catch(async (error: unknown) => {
      await proxy.close();
      throw error;
    });
  const extensionOrigin = `moz-extension://${EXTENSION_UUID}`;
  let welcome: Page | null;
  try {
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
    welcome = await installedWelcomePage(browser, `${extensionOrigin}/welcome.html`);
    if (!options.keepWelcome) {
      await welcome.close();
      welcome = null;
    }
  } catch (error) {
    await browser.close();
    await proxy.close();
    throw error;
  }
  return {
    browser,
    extensionOrigin,
    tunnels: proxy.tunnels,
    welcome,
    async openExtensionPage(file) {
      const page = await browser.newPage();
      await navigateToExtensionPage(page, `${extensionOrigin}/${file}`);
      await page.waitForFunction(
        (href) => location.href === href && document.readyState !== 'loading',
        {},
        `${extensionOrigin}/${file}`,
      );
      return page;
    },
    async close() {
      await browser.close();
      await proxy.close();
    },
  };
}

/**
 * The welcome page the extension opens in a new tab on install (extension/services/first-run.ts).
 * Over BiDi the tab's URL stays about:blank to Puppeteer (as in navigateToExtensionPage below), so
 * each tab is asked where it is, every 100 ms until the page is there or 30 s have passed.
 */
async function installedWelcomePage(browser: Browser, url: string): Promise<Page> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => null);
      if (href === url) return page;
    }
    if (Date.now() > deadline) throw new Error(`The extension did not open ${url} when it was installed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface BidiContext {
  navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<void>;
}

/**
 * Puppeteer's `page.goto` waits for BiDi navigation events that Firefox does not send for a
 * switch into the extension process (it times out although the page loaded), so this sends
 * `browsingContext.navigate` itself through puppeteer-core's BiDi frame (an internal of the
 * pinned version; the check below fails loudly if it moves).
 */
async function navigateToExtensionPage(page: Page, url: string): Promise<void> {
  const context = (page.mainFrame() as unknown as { browsingContext?: BidiContext }).browsingContext;
  if (typeof context?.navigate !== 'function') {
    throw new Error('puppeteer-core changed: its BiDi frame no longer exposes browsingContext.navigate');
  }
  await context.navigate(url, 'interactive');
}

/** harness/axe.ts for a Puppeteer page: the same rules, optionally limited to one element. */
export async function axeViolationsInFirefox(page: Page, include?: string): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(runAxeInPage, include ?? null);
}
