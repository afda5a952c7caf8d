// @vitest-environment node
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, type JWTPayload } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformRecord } from '../../../../../lti-tool/lti/platforms/platform-store.ts';
import { createAccessTokens } from '../../../../../lti-tool/lti/services/access-tokens.ts';
import {
  createNamesRoles,
  MAX_ROSTER_PAGES,
  nextPageOf,
} from '../../../../../lti-tool/lti/services/names-roles.ts';
import {
  createPlatformHttp,
  PlatformFetchError,
} from '../../../../../lti-tool/lti/services/platform-fetch.ts';
import type { Logger } from '../../../../../lti-tool/core/logger.ts';

const silent: Logger = { info: () => undefined, error: () => undefined };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function site(handle: (req: IncomingMessage, res: ServerResponse, base: string) => unknown) {
  const requests: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    // A handler that throws drops the connection, so the request under test fails with it.
    Promise.resolve(handle(req, res, base)).catch((error: unknown) => res.destroy(error as Error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { base, requests };
}

function platformAt(base: string): PlatformRecord {
  return {
    id: 'p1',
    issuer: `${base}/lms`,
    clientId: 'client-1',
    name: 'Test LMS',
    authUrl: `${base}/auth`,
    tokenUrl: `${base}/token`,
    jwksUrl: `${base}/jwks`,
    serviceOrigins: [],
  };
}

function http() {
  const client = createPlatformHttp({ production: false, logger: silent });
  closers.push(() => client.close());
  return client;
}

/** Signs nothing: the payload as a readable unsigned JWT, enough for these tests to read. */
const sign = async (_platform: unknown, payload: JWTPayload) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

describe('the access token', () => {
  it('is asked for with a client assertion, kept per platform and scopes until shortly before expiry', async () => {
    const assertions: JWTPayload[] = [];
    const lms = await site(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      assertions.push(decodeJwt(form.get('client_assertion')!));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: `token-${assertions.length}`,
          expires_in: 600,
          scope: form.get('scope'),
        }),
      );
    });
    let clock = 1_000_000_000_000;
    const tokens = createAccessTokens({ http: http(), sign, now: () => clock });
    const platform = platformAt(lms.base);
    const [a, b] = await Promise.all([tokens.token(platform, ['s1']), tokens.token(platform, ['s1'])]);
    expect([a, b]).toEqual(['token-1', 'token-1']);
    expect(assertions[0]).toMatchObject({ iss: 'client-1', sub: 'client-1', aud: platform.tokenUrl });
    expect(assertions[0]!.jti).toBeTruthy();
    expect(await tokens.token(platform, ['s2'])).toBe('token-2');
    clock += 600_000 - 61_000;
    expect(await tokens.token(platform, ['s1'])).toBe('token-1');
    clock += 2_000;
    expect(await tokens.token(platform, ['s1'])).toBe('token-3');
    expect(lms.requests).toHaveLength(3);
  });
});

describe('the roster', () => {
  it('follows Link rel="next" on the platform, and never off it', async () => {
    const elsewhere = await site((_req, res) => res.end('{"members": []}'));
    const lms = await site((req, res, base) => {
      if (req.url === '/token') {
        res.end(JSON.stringify({ access_token: 't', expires_in: 3600 }));
        return;
      }
      const page = req.url === '/nrps?page=2' ? 2 : 1;
      res.writeHead(200, {
        'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
        link: page === 1 ? `<${base}/nrps?page=2>; rel="next"` : `<${elsewhere.base}/internal>; rel="next"`,
      });
      res.end(JSON.stringify({ members: [{ user_id: `u${page}`, roles: [] }] }));
    });
    const client = http();
    const platform = platformAt(lms.base);
    const roster = createNamesRoles({
      http: client,
      tokens: createAccessTokens({ http: client, sign }),
      platforms: { find: async () => platform },
    });
    const error = await roster
      .fetchRoster({
        issuer: platform.issuer,
        clientId: platform.clientId,
        membershipsUrl: `${lms.base}/nrps`,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlatformFetchError);
    expect((error as PlatformFetchError).reason).toBe('untrusted-origin');
    expect(lms.requests).toEqual(['POST /token', 'GET /nrps', 'GET /nrps?page=2']);
    expect(elsewhere.requests).toEqual([]);
  });

  it(`stops after ${MAX_ROSTER_PAGES} pages or a page seen before`, async () => {
    const lms = await site((req, res, base) => {
      if (req.url === '/token') {
        res.end(JSON.stringify({ access_token: 't' }));
        return;
      }
      const page = Number(new URL(req.url!, base).searchParams.get('page') ?? '1');
      // Page 3 sends the reader back to page 1: a loop, not more members.
      const next = page === 3 ? 1 : page + 1;
      res.writeHead(200, { link: `<${base}/nrps?page=${next}>; rel="next"` });
      res.end(JSON.stringify({ members: [{ user_id: `u${page}` }] }));
    });
    const client = http();
    const platform = platformAt(lms.base);
    const roster = createNamesRoles({
      http: client,
      tokens: createAccessTokens({ http: client, sign }),
      platforms: { find: async () => platform },
    });
    const members = await roster.fetchRoster({
      issuer: platform.issuer,
      clientId: platform.clientId,
      membershipsUrl: `${lms.base}/nrps?page=1`,
    });
    expect(members.map((member) => member.userId)).toEqual(['u1', 'u2', 'u3']);
  });

  it.each([
    ['<https://lms.example/nrps?page=2>; rel="next"', 'https://lms.example/nrps?page=2'],
    ['<https://lms.example/p1>; rel="first", <https://lms.example/p3>; rel="next"', 'https://lms.example/p3'],
    ['</nrps?page=2>; rel=next', 'https://lms.example/nrps?page=2'],
    ['<https://lms.example/p1>; rel="prev"', null],
    [null, null],
  ])('reads the next page of %s', (link, next) => {
    expect(nextPageOf(link, 'https://lms.example/nrps')).toBe(next);
  });
});
