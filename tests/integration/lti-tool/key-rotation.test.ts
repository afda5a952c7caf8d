import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const HOUR = 3_600_000;
let clock = new Date('2026-11-22T09:00:00Z');
let tool: TestServer;
let platform: FakePlatform;

beforeAll(async () => {
  tool = await startTestServer({ now: () => clock });
  platform = await FakePlatform.start('moodle', 'rotation');
  await tool.registerPlatform(platform.registration, [platform.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await platform?.close();
});

const kids = async () =>
  ((await (await fetch(`${tool.url}/lti/keys`)).json()) as { keys: { kid: string }[] }).keys.map(
    (k) => k.kid,
  );

/** A deep-linking round trip: returns the kid the tool signed with, after checking the JWT against /lti/keys. */
async function signingKid(): Promise<string> {
  const launch = await platform.launch(tool.url, {
    claims: (c: JWTPayload) => ({
      ...c,
      [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
      [`${LTI}resource_link`]: undefined,
      [`${DL}deep_linking_settings`]: {
        deep_link_return_url: `${platform.base}/return`,
        accept_types: ['ltiResourceLink'],
      },
    }),
  });
  const token = /name="request" value="([^"]+)"/.exec(launch.html)![1]!;
  const html = await (
    await fetch(`${tool.url}/lti/deep-linking/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: token, activity: 'action-step', action: 'add' }),
    })
  ).text();
  const jwt = /name="JWT" value="([^"]+)"/.exec(html)![1]!;
  await jwtVerify(jwt, createLocalJWKSet(await (await fetch(`${tool.url}/lti/keys`)).json()), {
    audience: platform.issuer,
  });
  return decodeProtectedHeader(jwt).kid!;
}

describe('tool key rotation', () => {
  it('publishes the new key at once, switches signing after the overlap, then retires the old key', async () => {
    const oldKid = await signingKid();
    const scheduled = await tool.toolKeys.rotate(HOUR);
    const mine = scheduled.find((r) => r.issuer === platform.issuer)!;
    expect(mine.oldKid).toBe(oldKid);
    expect(await kids()).toEqual(expect.arrayContaining([oldKid, mine.newKid]));
    expect(await signingKid()).toBe(oldKid);

    clock = new Date(clock.getTime() + HOUR + 1000);
    expect((await tool.toolKeys.applyDue()).switched).toBeGreaterThanOrEqual(1);
    expect(await signingKid()).toBe(mine.newKid);
    expect(await kids()).toContain(oldKid);

    clock = new Date(clock.getTime() + HOUR + 1000);
    expect((await tool.toolKeys.applyDue()).retired).toBeGreaterThanOrEqual(1);
    expect(await kids()).not.toContain(oldKid);
    expect(await kids()).toContain(mine.newKid);
    expect(await tool.toolKeys.applyDue()).toEqual({ switched: 0, retired: 0 });
  });
});

describe('platform key rotation', () => {
  it("accepts the platform's new key right after a launch with a junk kid", async () => {
    expect((await platform.launch(tool.url)).status).toBe(200);
    // Anyone can send a token with an unknown kid: it makes the tool look at the key set again.
    const junk = await platform.launch(tool.url, { header: (header) => ({ ...header, kid: 'junk-kid' }) });
    expect(junk.reason).toBe('unknown-key');
    // The platform rotates its key at that moment; its next launch must not be refused.
    await platform.rotateKey();
    const rotated = await platform.launch(tool.url);
    expect(rotated.reason).toBeNull();
    expect(rotated.status).toBe(200);
  });
});
