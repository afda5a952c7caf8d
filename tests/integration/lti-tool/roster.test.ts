import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { api } from '../../harness/api-client.ts';
import { FakeGradebook } from '../../harness/fake-gradebook.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
let tool: TestServer;
let platform: FakePlatform;
let services: FakeGradebook;

beforeAll(async () => {
  tool = await startTestServer();
  platform = await FakePlatform.start('canvas', 'roster');
  services = await FakeGradebook.start({
    mode: 'canvas',
    clientId: platform.clientId,
    toolKeysUrl: `${tool.url}/lti/keys`,
    users: [],
  });
  services.roster.push(
    { user_id: 'instructor-1', name: 'Ida Instructor', roles: [`${LIS}Instructor`] },
    { user_id: 't1', name: 'Tara One', roles: [`${LIS}Learner`] },
    { user_id: 't2', name: 'Tom Two', roles: [`${LIS}Learner`] },
    { user_id: 'm1', name: 'Mo Mentor', roles: [`${LIS}Mentor`] },
    {
      user_id: 'x1',
      name: 'Guest Viewer',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Member'],
    },
  );
  await tool.registerPlatform({ ...platform.registration, tokenUrl: services.tokenUrl }, [
    platform.deploymentId,
  ]);
});
afterAll(async () => {
  for (const thing of [tool, platform, services]) await thing?.close();
});

describe('Names and Role Provisioning', () => {
  it('follows paging, maps roles, and caches the roster briefly', async () => {
    const withRoster = (claims: JWTPayload): JWTPayload => ({
      ...claims,
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
        context_memberships_url: services.membershipsUrl,
        service_versions: ['2.0'],
      },
    });
    const coach = await platform.launch(tool.url, { userId: 'instructor-1', claims: withRoster });
    const roster = await api(tool.url, API.roster, { token: coach.bootstrap!.sessionToken });
    expect(roster.status).toBe(200);
    expect(
      roster.body.members.map((m: { userId: string; role: string }) => `${m.userId}:${m.role}`).sort(),
    ).toEqual(['instructor-1:coach', 'm1:coach', 't1:teacher', 't2:teacher']);
    expect(services.nrpsRequests).toBe(3);
    await api(tool.url, API.roster, { token: coach.bootstrap!.sessionToken });
    expect(services.nrpsRequests).toBe(3);
  });
});
