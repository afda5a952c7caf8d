import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { contextKeyOf, tenantKeyOf } from '../../../lti-tool/core/link-keys.ts';
import type { Logger } from '../../../lti-tool/core/logger.ts';
import { api } from '../../harness/api-client.ts';
import { FakeGradebook } from '../../harness/fake-gradebook.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

/** A server that is not the platform's (an internal admin page, another site): it records every request. */
async function bystander(
  answer: unknown,
): Promise<{ base: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' });
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let tool: TestServer;
const logs: { message: string; meta: Record<string, unknown> }[] = [];
const logger: Logger = {
  info: (message, meta = {}) => logs.push({ message, meta }),
  error: (message, meta = {}) => logs.push({ message, meta }),
};
beforeAll(async () => {
  tool = await startTestServer({ logger });
});
afterAll(async () => {
  await tool?.close();
});

/** A platform with working token, roster and gradebook services on its registered token origin. */
async function platformWithServices(name: string, extra: { serviceOrigins?: string[] } = {}) {
  const platform = await FakePlatform.start('moodle', name);
  const services = await FakeGradebook.start({
    mode: 'moodle',
    clientId: platform.clientId,
    toolKeysUrl: `${tool.url}/lti/keys`,
    users: ['learner-1'],
  });
  services.roster.push(
    { user_id: 'instructor-1', name: 'Ida Instructor', roles: [`${LIS}Instructor`] },
    { user_id: 't1', name: 'Tara One', roles: [`${LIS}Learner`] },
  );
  await tool.registerPlatform({ ...platform.registration, tokenUrl: services.tokenUrl, ...extra }, [
    platform.deploymentId,
  ]);
  return { platform, services };
}

const withRosterAt =
  (url: string) =>
  (claims: JWTPayload): JWTPayload => ({
    ...claims,
    [NRPS]: { context_memberships_url: url, service_versions: ['2.0'] },
  });

describe('the roster is only fetched from the platform', () => {
  it("never calls a names-and-roles URL off the platform's origins, and tells the coach instead", async () => {
    const { platform, services } = await platformWithServices('ssrf-roster');
    const internal = await bystander({
      id: 'internal',
      members: [
        { user_id: 'root', name: 'INTERNAL ADMIN PANEL', roles: [`${LIS}Learner`], status: 'Active' },
      ],
    });
    const coach = await platform.launch(tool.url, {
      claims: withRosterAt(`${internal.base}/internal/admin`),
    });
    // The launch itself still works: only the untrusted service is never used.
    expect(coach.status).toBe(200);
    const roster = await api(tool.url, API.roster, { token: coach.bootstrap!.sessionToken });
    expect(roster.status).toBe(200);
    expect(internal.requests).toEqual([]);
    expect(JSON.stringify(roster.body)).not.toContain('INTERNAL ADMIN');
    expect(roster.body.members.map((m: { userId: string }) => m.userId)).toEqual(['instructor-1']);
    expect(roster.body.notice).toEqual({
      code: 'roster-address-refused',
      message: expect.stringMatching(/not registered for your LMS/),
    });
    expect(logs).toContainEqual({
      message: 'platform call refused',
      meta: expect.objectContaining({
        purpose: 'nrps',
        reason: 'untrusted-origin',
        issuer: platform.issuer,
        url: `${internal.base}/internal/admin`,
      }),
    });
    expect(services.tokenRequests).toBe(0);
    for (const thing of [internal, services, platform]) await thing.close();
  });

  it('calls a service origin the administrator registered, and only that one', async () => {
    const rosterHost = await FakeGradebook.start({
      mode: 'moodle',
      clientId: 'unused',
      toolKeysUrl: `${tool.url}/lti/keys`,
      users: [],
    });
    rosterHost.roster.push(
      { user_id: 'instructor-1', name: 'Ida Instructor', roles: [`${LIS}Instructor`] },
      { user_id: 't1', name: 'Tara One', roles: [`${LIS}Learner`] },
      { user_id: 't2', name: 'Tom Two', roles: [`${LIS}Learner`] },
    );
    const { platform, services } = await platformWithServices('extra-origin', {
      serviceOrigins: [rosterHost.base],
    });
    const coach = await platform.launch(tool.url, { claims: withRosterAt(rosterHost.membershipsUrl) });
    const roster = await api(tool.url, API.roster, { token: coach.bootstrap!.sessionToken });
    expect(roster.body.notice).toBeUndefined();
    expect(roster.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual([
      'instructor-1',
      't1',
      't2',
    ]);
    // Two pages, each followed by its Link: rel="next" on the same registered origin.
    expect(rosterHost.nrpsRequests).toBe(2);

    const elsewhere = await bystander({ id: 'x', members: [] });
    const other = await platform.launch(tool.url, {
      claims: (claims) => ({
        ...withRosterAt(`${elsewhere.base}/nrps`)(claims),
        [`${LTI}context`]: { id: 'other-course', title: 'Other course' },
      }),
    });
    const refused = await api(tool.url, API.roster, { token: other.bootstrap!.sessionToken });
    expect(refused.body.notice?.code).toBe('roster-address-refused');
    expect(elsewhere.requests).toEqual([]);
    for (const thing of [elsewhere, rosterHost, services, platform]) await thing.close();
  });
});

describe('grades are only sent to the platform', () => {
  it("refuses a score for a line item off the platform's origins: the job fails for good, with a clear error", async () => {
    const { platform, services } = await platformWithServices('ssrf-ags');
    const outsider = await bystander({});
    const withGrades = (claims: JWTPayload): JWTPayload => ({
      ...claims,
      [`${LTI}custom`]: { activity: 'action-step' },
      [AGS]: {
        scope: [
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        ],
        lineitems: services.lineItemsUrl,
        lineitem: `${outsider.base}/api/lti/courses/1/line_items/1`,
      },
    });
    const learner = await platform.launch(tool.url, { userId: 'learner-1', claims: withGrades });
    expect(learner.status).toBe(200);
    const coach = await platform.launch(tool.url, { claims: withGrades });
    const tenant = tenantKeyOf({
      tenant: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId },
    });
    await tool.grades.recordReview(
      {
        linkKey: learner.bootstrap!.activity!.linkKey,
        contextKey: contextKeyOf(tenant, 'ssrf-ags-course-1'),
        userId: 'learner-1',
        idempotencyKey: 'ssrf-ags:reviewed',
      },
      { given: 2, maximum: 3 },
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(outsider.requests).toEqual([]);
    expect(services.scores).toEqual([]);
    const failed = await api(tool.url, API.failedGrades, { token: coach.bootstrap!.sessionToken });
    expect(failed.body.failed).toEqual([
      expect.objectContaining({
        userId: 'learner-1',
        error: expect.stringMatching(/not one of the addresses registered for this platform/),
      }),
    ]);
    for (const thing of [outsider, services, platform]) await thing.close();
  });
});
