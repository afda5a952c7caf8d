/**
 * Every request the tool makes to an LMS goes through here: key sets, the OAuth2 token endpoint,
 * names and roles, grades, and dynamic registration. A URL a platform hands us (a launch claim, a
 * line item id, a `Link: rel="next"`) is only fetched once it is shown to be the platform's:
 *
 * - https, or http to a loopback host outside production (the demo LMS, local test platforms);
 * - for service calls, on one of the platform's registered origins (see `registeredOriginsOf`);
 * - in production, never to loopback, private, link-local, unique-local, CGNAT, multicast or
 *   unspecified addresses, checked in the DNS lookup the connection itself uses, so a name
 *   that resolves elsewhere the second time (DNS rebinding) is still refused;
 * - no redirects followed, a timeout, and a cap on the answer's size.
 */
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import type { Logger } from '../../core/logger.ts';

/** Sent with every call: Canvas refuses AGS calls without one, and it tells LMS admins who calls. */
export const USER_AGENT = 'action-step-coaching-lti/0.1 (+https://github.com/)';

export type PlatformFetchRefusal =
  /** Not https (or http to a loopback host outside production), or not a URL at all. */
  | 'untrusted-scheme'
  /** Not on any origin registered for the platform. */
  | 'untrusted-origin'
  /** Resolves to (or is) an address the tool never calls in production. */
  | 'blocked-address'
  /** The platform answered with a redirect: it could lead off its origins. */
  | 'redirect'
  /** The answer was larger than the cap. */
  | 'too-large';

export type PlatformFetchFailure = PlatformFetchRefusal | 'timeout' | 'unreachable';

const RETRIABLE: ReadonlySet<PlatformFetchFailure> = new Set(['timeout', 'unreachable']);

/** A call that was refused (never sent, or its answer discarded) or that could not complete. */
export class PlatformFetchError extends Error {
  override name = 'PlatformFetchError';
  readonly retriable: boolean;
  constructor(
    readonly reason: PlatformFetchFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retriable = RETRIABLE.has(reason);
  }

  /** True when the tool decided not to trust the URL or its answer (as opposed to an outage). */
  get refused(): boolean {
    return !this.retriable;
  }
}

/** What the origin rule needs to know about a platform. */
export interface PlatformOrigins {
  issuer: string;
  clientId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  /** Extra origins an administrator registered (`--service-origin`), `https://*.example.org` allowed. */
  serviceOrigins?: readonly string[];
}

/**
 * Instructure-hosted Canvas: every school shares one issuer per environment, but its names-and-roles
 * and gradebook URLs are on the school's own `<school>.instructure.com`. Schools on a vanity domain
 * register it with `--service-origin`.
 */
const HOSTED_CANVAS_SERVICE_ORIGINS: Readonly<Record<string, readonly string[]>> = {
  'https://canvas.instructure.com': ['https://*.instructure.com'],
  'https://canvas.beta.instructure.com': ['https://*.instructure.com'],
  'https://canvas.test.instructure.com': ['https://*.instructure.com'],
};

/** The origins a platform's service URLs may be on: its endpoints', the administrator's, and defaults. */
export function registeredOriginsOf(platform: PlatformOrigins): string[] {
  const origins = new Set<string>();
  for (const url of [platform.issuer, platform.authUrl, platform.tokenUrl, platform.jwksUrl]) {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:')) origins.add(parsed.origin);
  }
  for (const pattern of platform.serviceOrigins ?? []) origins.add(pattern);
  const issuerOrigin = URL.canParse(platform.issuer) ? new URL(platform.issuer).origin : '';
  for (const pattern of HOSTED_CANVAS_SERVICE_ORIGINS[issuerOrigin] ?? []) origins.add(pattern);
  return [...origins];
}

const ORIGIN_PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/**
 * Why `raw` is not a service origin (`https://host[:port]` or `https://*.example.org[:port]`), or
 * null when it is one. Returns the normalised form too, so stored patterns compare as URLs do.
 */
export function parseOriginPattern(raw: string): { pattern: string } | { error: string } {
  const match = ORIGIN_PATTERN.exec(raw.trim());
  if (!match) {
    return {
      error: `"${raw}" is not an origin: use https://host or https://*.example.org (no path), with an optional :port`,
    };
  }
  const [, scheme, wildcard, host, port] = match;
  const hostLabels = host!.replace(/\.$/, '').split('.');
  if (wildcard && (hostLabels.length < 2 || hostLabels.some((label) => label === ''))) {
    return {
      error: `"${raw}": a wildcard needs a domain of at least two labels, like https://*.example.org`,
    };
  }
  const base = new URL(`${scheme}://${host}${port ? `:${port}` : ''}`);
  return { pattern: wildcard ? `${base.protocol}//*.${base.host}` : base.origin };
}

/** Whether `url` is on `pattern`: an exact origin, or `scheme://*.domain[:port]` for any subdomain. */
export function originMatches(url: URL, pattern: string): boolean {
  const wildcard = /^(https?:)\/\/\*\.(.+)$/.exec(pattern);
  if (!wildcard) return url.origin === pattern;
  const [, protocol, rest] = wildcard;
  const base = new URL(`${protocol}//${rest}`);
  return (
    url.protocol === base.protocol &&
    url.port === base.port &&
    url.hostname.endsWith(`.${base.hostname}`) &&
    url.hostname.length > base.hostname.length + 1
  );
}

/** Addresses the tool never connects to in production. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4 address hidden in an IPv6 one (`::ffff:127.0.0.1`, NAT64 `64:ff9b::7f00:1`), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an IP address is loopback, private, link-local, unique-local, CGNAT, multicast or unspecified. */
export function isBlockedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  if (family !== 6) return true;
  const mapped = embeddedIpv4(bare);
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  return BLOCKED.check(bare, 'ipv6');
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: where the demo LMS and local test platforms live. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'EBLOCKEDADDRESS';
}

type DnsLookup = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const systemLookup: DnsLookup = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/**
 * The DNS lookup every production connection to a platform uses: it resolves the name once and
 * refuses the connection if ANY address it got is one we never call. Checking here, not before the
 * request, means the address checked is the address connected to.
 */
export function guardedLookup(resolve: DnsLookup = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
      if (blocked || addresses.length === 0) {
        return callback(
          new BlockedAddressError(
            blocked
              ? `${hostname} resolves to ${blocked.address}, an address the tool does not call`
              : `${hostname} has no address`,
          ),
          '',
          0,
        );
      }
      if (options.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export interface PlatformRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /**
   * The platform a service call is for: the URL must be on one of its registered origins. Key set
   * fetches (registered URL) and dynamic registration (checked by the caller) pass none.
   */
  platform?: PlatformOrigins;
  /** For the logs: `jwks`, `token`, `nrps`, `ags`, `registration`. */
  purpose: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface PlatformResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

export interface PlatformHttp {
  /** Checks the URL, sends, and reads the whole answer (within the cap). Throws PlatformFetchError. */
  request(url: string, init: PlatformRequest): Promise<PlatformResponse>;
  /** Throws (and logs) the PlatformFetchError the tool would refuse `url` with; sends nothing. */
  check(url: string, init: Pick<PlatformRequest, 'platform' | 'purpose'>): void;
  close(): Promise<void>;
}

export interface PlatformHttpOptions {
  production: boolean;
  logger: Logger;
  /** The resolver behind the guarded lookup (tests map names to addresses). */
  resolve?: DnsLookup;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Never the query: it can carry a registration token (Canvas's openid_configuration URL does). */
const shown = (url: URL) => `${url.origin}${url.pathname}`;

export function createPlatformHttp(options: PlatformHttpOptions): PlatformHttp {
  const { production, logger } = options;
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const defaultMaxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  // Outside production the address rule is off: the demo LMS is this process on 127.0.0.1.
  const agent = new Agent({
    connect: production
      ? { lookup: guardedLookup(options.resolve), timeout: defaultTimeoutMs }
      : { timeout: defaultTimeoutMs },
  });

  function refusalOf(raw: string, init: Pick<PlatformRequest, 'platform'>): PlatformFetchError | null {
    const url = URL.canParse(raw) ? new URL(raw) : null;
    if (!url)
      return new PlatformFetchError('untrusted-scheme', 'The platform gave an address that is not a URL.');
    if (url.username || url.password) {
      return new PlatformFetchError('untrusted-scheme', `${shown(url)} carries credentials in the URL.`);
    }
    const schemeOk =
      url.protocol === 'https:' || (!production && url.protocol === 'http:' && isLoopbackHost(url.hostname));
    if (!schemeOk) {
      return new PlatformFetchError(
        'untrusted-scheme',
        production
          ? `${shown(url)} is not https.`
          : `${shown(url)} is not https (plain http is only used for a platform on this machine).`,
      );
    }
    if (init.platform) {
      const allowed = registeredOriginsOf(init.platform);
      if (!allowed.some((pattern) => originMatches(url, pattern))) {
        return new PlatformFetchError(
          'untrusted-origin',
          `${url.origin} is not one of the addresses registered for this platform (${allowed.join(', ')}).`,
        );
      }
    }
    if (production && isIP(url.hostname.replace(/^\[|\]$/g, '')) && isBlockedAddress(url.hostname)) {
      return new PlatformFetchError(
        'blocked-address',
        `${url.hostname} is an address the tool does not call.`,
      );
    }
    return null;
  }

  function refuse(
    error: PlatformFetchError,
    url: string,
    init: Pick<PlatformRequest, 'platform' | 'purpose'>,
  ): never {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    logger.info('platform call refused', {
      purpose: init.purpose,
      reason: error.reason,
      url: parsed ? shown(parsed) : '(not a URL)',
      issuer: init.platform?.issuer ?? null,
      clientId: init.platform?.clientId ?? null,
      detail: error.message,
    });
    throw error;
  }

  async function readCapped(response: Response, maxBytes: number, url: URL): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? 'NaN');
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new PlatformFetchError('too-large', `${shown(url)} answered more than ${maxBytes} bytes.`);
    }
    if (!response.body) return '';
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new PlatformFetchError('too-large', `${shown(url)} answered more than ${maxBytes} bytes.`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function check(raw: string, init: Pick<PlatformRequest, 'platform' | 'purpose'>): void {
    const refusal = refusalOf(raw, init);
    if (refusal) refuse(refusal, raw, init);
  }

  return {
    check,

    async request(raw, init) {
      check(raw, init);
      const url = new URL(raw);
      const timeoutMs = init.timeoutMs ?? defaultTimeoutMs;
      let response: Response;
      try {
        response = (await undiciFetch(url, {
          method: init.method ?? 'GET',
          headers: { 'User-Agent': USER_AGENT, ...init.headers },
          body: init.body,
          redirect: 'manual',
          dispatcher: agent,
          signal: AbortSignal.timeout(timeoutMs),
        })) as unknown as Response;
      } catch (error) {
        const cause = (error as { cause?: unknown }).cause;
        if (
          cause instanceof BlockedAddressError ||
          (cause as { code?: string })?.code === 'EBLOCKEDADDRESS'
        ) {
          refuse(new PlatformFetchError('blocked-address', (cause as Error).message, { cause }), raw, init);
        }
        if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
          throw new PlatformFetchError('timeout', `${shown(url)} did not answer within ${timeoutMs} ms.`, {
            cause: error,
          });
        }
        const code = (cause as { code?: string } | undefined)?.code;
        throw new PlatformFetchError(
          'unreachable',
          `${url.host} could not be reached${code ? ` (${code})` : ''}.`,
          { cause: error },
        );
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        const target =
          location && URL.canParse(location, url.href) ? new URL(location, url).origin : 'elsewhere';
        refuse(
          new PlatformFetchError(
            'redirect',
            `${shown(url)} redirected (${response.status}) to ${target}; the tool follows no redirects.`,
          ),
          raw,
          init,
        );
      }
      let text: string;
      try {
        text = await readCapped(response, init.maxBytes ?? defaultMaxBytes, url);
      } catch (error) {
        if (error instanceof PlatformFetchError) refuse(error, raw, init);
        throw new PlatformFetchError('unreachable', `${url.host} broke off its answer.`, { cause: error });
      }
      return { status: response.status, ok: response.ok, headers: response.headers, text };
    },

    close: () => agent.close(),
  };
}
