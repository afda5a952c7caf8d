// @vitest-environment node
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPlatformHttp,
  guardedLookup,
  isBlockedAddress,
  originMatches,
  parseOriginPattern,
  PlatformFetchError,
  registeredOriginsOf,
  type PlatformHttp,
  type PlatformOrigins,
} from '../../../../../lti-tool/lti/services/platform-fetch.ts';
import type { Logger } from '../../../../../lti-tool/core/logger.ts';

const moodle: PlatformOrigins = {
  issuer: 'https://moodle.school.example',
  clientId: 'abc',
  authUrl: 'https://moodle.school.example/mod/lti/auth.php',
  tokenUrl: 'https://moodle.school.example/mod/lti/token.php',
  jwksUrl: 'https://moodle.school.example/mod/lti/certs.php',
};

/** Instructure-hosted Canvas as its documentation lists it: one issuer, endpoints on sso.canvaslms.com. */
const hostedCanvas: PlatformOrigins = {
  issuer: 'https://canvas.instructure.com',
  clientId: '10000000000042',
  authUrl: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
  tokenUrl: 'https://sso.canvaslms.com/login/oauth2/token',
  jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
};

const allowed = (platform: PlatformOrigins, url: string) =>
  registeredOriginsOf(platform).some((pattern) => originMatches(new URL(url), pattern));

describe("a platform's registered origins", () => {
  it('are those of its issuer and endpoints, exactly: scheme, host and port', () => {
    expect(
      allowed(moodle, 'https://moodle.school.example/mod/lti/services.php/2/bindings/1/memberships'),
    ).toBe(true);
    expect(allowed(moodle, 'https://moodle.school.example:8443/x')).toBe(false);
    expect(allowed(moodle, 'http://moodle.school.example/x')).toBe(false);
    expect(allowed(moodle, 'https://other.school.example/x')).toBe(false);
    expect(allowed(moodle, 'https://moodle.school.example.attacker.example/x')).toBe(false);
  });

  it("include the school's own *.instructure.com for hosted Canvas, and nothing like it", () => {
    const nrps = 'https://oak.instructure.com/api/lti/courses/42/names_and_roles';
    expect(allowed(hostedCanvas, nrps)).toBe(true);
    expect(allowed(hostedCanvas, 'https://oak.beta.instructure.com/api/lti/courses/42/line_items')).toBe(
      true,
    );
    expect(allowed(hostedCanvas, 'https://sso.canvaslms.com/login/oauth2/token')).toBe(true);
    expect(allowed(hostedCanvas, 'https://instructure.com.attacker.example/api')).toBe(false);
    expect(allowed(hostedCanvas, 'https://attacker-instructure.com/api')).toBe(false);
    expect(allowed(hostedCanvas, 'http://oak.instructure.com/api')).toBe(false);
    // A self-hosted Canvas is its own site: no Instructure default.
    const selfHosted = { ...hostedCanvas, issuer: 'https://canvas.school.edu' };
    expect(allowed(selfHosted, nrps)).toBe(false);
  });

  it('include the service origins an administrator registered, wildcards for subdomains only', () => {
    const withExtra = {
      ...moodle,
      serviceOrigins: ['https://services.school.example', 'https://*.trust.example'],
    };
    expect(allowed(withExtra, 'https://services.school.example/nrps')).toBe(true);
    expect(allowed(withExtra, 'https://oak.trust.example/nrps')).toBe(true);
    expect(allowed(withExtra, 'https://a.b.trust.example/nrps')).toBe(true);
    expect(allowed(withExtra, 'https://trust.example/nrps')).toBe(false);
    expect(allowed(withExtra, 'https://eviltrust.example/nrps')).toBe(false);
    expect(allowed(withExtra, 'https://oak.trust.example:444/nrps')).toBe(false);
  });

  it.each([
    ['https://lms.example.org', 'https://lms.example.org'],
    ['HTTPS://LMS.Example.ORG:443', 'https://lms.example.org'],
    ['https://*.example.org', 'https://*.example.org'],
    ['https://*.example.org:8443', 'https://*.example.org:8443'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('accept %s as the origin %s', (raw, pattern) => {
    expect(parseOriginPattern(raw)).toEqual({ pattern });
  });

  it.each([
    'https://lms.example.org/path',
    'lms.example.org',
    'ftp://lms.example.org',
    'https://*.org',
    'https://*',
  ])('refuse %s with a reason', (raw) => {
    expect(parseOriginPattern(raw)).toEqual({ error: expect.stringContaining(raw) });
  });
});

describe('addresses the tool never calls in production', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    '[::1]',
    'not-an-address',
  ])('%s is blocked', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111'])(
    '%s is not',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );
});

/** A resolver the test controls: each lookup of a name takes the next answer. */
function fakeResolver(answers: Record<string, string[][]>) {
  const calls: string[] = [];
  const resolve = (
    hostname: string,
    _options: unknown,
    callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
  ) => {
    calls.push(hostname);
    const next = answers[hostname]?.shift();
    if (!next) return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  return { resolve, calls };
}

function lookupOnce(
  lookup: ReturnType<typeof guardedLookup>,
  hostname: string,
  all: boolean,
): Promise<{ error: Error | null; result: unknown }> {
  return new Promise((resolve) => {
    lookup(hostname, { all }, (error, address, family) =>
      resolve({ error, result: all ? address : { address, family } }),
    );
  });
}

describe('the DNS lookup connections use in production', () => {
  it('passes public addresses through, in the shape asked for', async () => {
    const { resolve } = fakeResolver({
      'lms.example.org': [['93.184.216.34'], ['93.184.216.34', '2606:2800::1']],
    });
    const lookup = guardedLookup(resolve);
    expect(await lookupOnce(lookup, 'lms.example.org', false)).toEqual({
      error: null,
      result: { address: '93.184.216.34', family: 4 },
    });
    expect(await lookupOnce(lookup, 'lms.example.org', true)).toEqual({
      error: null,
      result: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800::1', family: 6 },
      ],
    });
  });

  it('refuses a name when any of its addresses is blocked', async () => {
    const { resolve } = fakeResolver({ 'mixed.example.org': [['93.184.216.34', '10.0.0.5']] });
    const { error } = await lookupOnce(guardedLookup(resolve), 'mixed.example.org', true);
    expect(error?.message).toMatch(/10\.0\.0\.5, an address the tool does not call/);
  });

  it('checks every connection: a name that rebinds to loopback the second time is refused then', async () => {
    const { resolve, calls } = fakeResolver({ 'rebind.example.org': [['93.184.216.34'], ['127.0.0.1']] });
    const lookup = guardedLookup(resolve);
    expect((await lookupOnce(lookup, 'rebind.example.org', false)).error).toBeNull();
    expect((await lookupOnce(lookup, 'rebind.example.org', false)).error?.message).toMatch(/127\.0\.0\.1/);
    expect(calls).toEqual(['rebind.example.org', 'rebind.example.org']);
  });
});

const logs: { message: string; meta: Record<string, unknown> }[] = [];
const logger: Logger = {
  info: (message, meta = {}) => logs.push({ message, meta }),
  error: (message, meta = {}) => logs.push({ message, meta }),
};
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  logs.length = 0;
});

/** A local HTTP server that records requests; `handle` answers them. */
async function localServer(handle: Parameters<typeof createServer>[1]) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handle!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function http(options: Partial<Parameters<typeof createPlatformHttp>[0]> = {}): PlatformHttp {
  const client = createPlatformHttp({ production: false, logger, ...options });
  closers.push(() => client.close());
  return client;
}

async function refusal(promise: Promise<unknown>): Promise<PlatformFetchError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlatformFetchError);
  return error as PlatformFetchError;
}

describe('platform calls in production', () => {
  it('never connect to a name that resolves to loopback, even over https', async () => {
    let connections = 0;
    const listener = createTcpServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => listener.close(() => resolve())));
    const { port } = listener.address() as AddressInfo;
    const { resolve } = fakeResolver({ 'lms.school.example': [['127.0.0.1']] });
    const client = http({ production: true, resolve });
    const error = await refusal(
      client.request(`https://lms.school.example:${port}/jwks`, { purpose: 'jwks' }),
    );
    expect(error.reason).toBe('blocked-address');
    expect(error.retriable).toBe(false);
    expect(connections).toBe(0);
    expect(logs).toContainEqual({
      message: 'platform call refused',
      meta: expect.objectContaining({ purpose: 'jwks', reason: 'blocked-address' }),
    });
  });

  it('refuse addresses written as IPs, and plain http, before any lookup', async () => {
    const { resolve, calls } = fakeResolver({});
    const client = http({ production: true, resolve });
    for (const url of [
      'https://127.0.0.1/x',
      'https://[::ffff:169.254.169.254]/latest',
      'https://10.0.0.1/x',
    ]) {
      expect((await refusal(client.request(url, { purpose: 'ags' }))).reason).toBe('blocked-address');
    }
    expect((await refusal(client.request('http://localhost/x', { purpose: 'ags' }))).reason).toBe(
      'untrusted-scheme',
    );
    expect(calls).toEqual([]);
  });
});

describe('platform calls outside production', () => {
  it('use plain http only for a platform on this machine', async () => {
    const server = await localServer((_req, res) => res.end('{}'));
    const client = http();
    expect((await client.request(`${server.base}/ok`, { purpose: 'jwks' })).status).toBe(200);
    expect((await refusal(client.request('http://lms.school.example/x', { purpose: 'jwks' }))).reason).toBe(
      'untrusted-scheme',
    );
  });

  it("send nothing to a URL off the platform's origins", async () => {
    const registered = await localServer((_req, res) => res.end('{}'));
    const elsewhere = await localServer((_req, res) => res.end('{"secret": true}'));
    const platform = { ...moodle, issuer: registered.base, tokenUrl: `${registered.base}/token` };
    const client = http();
    const error = await refusal(
      client.request(`${elsewhere.base}/internal/admin`, { purpose: 'nrps', platform }),
    );
    expect(error.reason).toBe('untrusted-origin');
    expect(error.message).toContain('not one of the addresses registered for this platform');
    expect(elsewhere.requests).toEqual([]);
    expect((await client.request(`${registered.base}/nrps`, { purpose: 'nrps', platform })).ok).toBe(true);
  });

  it('follow no redirect', async () => {
    const target = await localServer((_req, res) => res.end('{}'));
    const server = await localServer((_req, res) => {
      res.writeHead(302, { location: `${target.base}/internal` }).end();
    });
    const error = await refusal(http().request(`${server.base}/nrps`, { purpose: 'nrps' }));
    expect(error.reason).toBe('redirect');
    expect(error.message).toContain(target.base);
    expect(target.requests).toEqual([]);
  });

  it('cap the size of an answer, declared or streamed', async () => {
    const big = 'x'.repeat(4096);
    const server = await localServer((req, res) => {
      if (req.url === '/declared') res.writeHead(200, { 'content-length': String(big.length) }).end(big);
      else {
        res.writeHead(200);
        res.write(big.slice(0, 1000));
        res.end(big.slice(1000));
      }
    });
    const client = http();
    for (const path of ['/declared', '/streamed']) {
      const error = await refusal(
        client.request(`${server.base}${path}`, { purpose: 'nrps', maxBytes: 1024 }),
      );
      expect(error.reason).toBe('too-large');
    }
  });

  it('give up on a platform that does not answer, as an outage worth retrying', async () => {
    const server = await localServer(() => undefined);
    const error = await refusal(http().request(`${server.base}/slow`, { purpose: 'ags', timeoutMs: 200 }));
    expect(error.reason).toBe('timeout');
    expect(error.retriable).toBe(true);
  });

  it('log a refusal without the query, which can carry a registration token', async () => {
    const client = http();
    await refusal(
      client.request('http://lms.school.example/openid-configuration?registration_token=secret-rt', {
        purpose: 'registration',
      }),
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]!.meta.url).toBe('http://lms.school.example/openid-configuration');
    expect(JSON.stringify(logs)).not.toContain('secret-rt');
  });

  it('refuse credentials in the URL', async () => {
    const error = await refusal(http().request('https://user:pass@lms.example.org/x', { purpose: 'ags' }));
    expect(error.reason).toBe('untrusted-scheme');
    expect(JSON.stringify(logs)).not.toContain('pass@');
  });
});
