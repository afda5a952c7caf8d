import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { FakeRegistrationEndpoint } from '../../harness/fake-registration.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let pg: TestPostgres;
let tool: TestServer;

beforeAll(async () => {
  pg = await startPostgres();
  tool = await startTestServer({ env: { DATABASE_URL: await pg.createDatabase('platform_registry') } });
});
afterAll(async () => {
  await tool?.close();
  await pg?.stop();
});

const registrationUrl = () => tool.registrationUrl(60 * 60_000);

describe('dynamic registration on PostgreSQL', () => {
  it('registers a platform once when two registrations for it race', async () => {
    const platform = await FakePlatform.start('moodle', 'pg-race');
    const first = await FakeRegistrationEndpoint.start(platform, { pathPrefix: '/one' });
    const second = await FakeRegistrationEndpoint.start(platform, { pathPrefix: '/two' });
    const [a, b] = [await registrationUrl(), await registrationUrl()];
    const responses = await Promise.all([fetch(first.startUrl(a)), fetch(second.startUrl(b))]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const rows = await pg.query<{ count: string }>(
      tool.config.databaseUrl!,
      `SELECT count(*) AS count FROM lti_platforms WHERE "clientId" = '${platform.clientId}'`,
    );
    expect(Number(rows[0]?.count)).toBe(1);
    expect((await platform.launch(tool.url)).status).toBe(200);
    for (const thing of [first, second, platform]) await thing.close();
  });

  it('never replaces a registered platform', async () => {
    const victim = await FakePlatform.start('moodle', 'pg-victim');
    await tool.registerPlatform(victim.registration, [victim.deploymentId]);
    const before = await tool.findPlatform(victim.issuer, victim.clientId);
    const endpoint = await FakeRegistrationEndpoint.start(victim, {
      configuration: (config) => ({ ...config, jwks_uri: 'http://127.0.0.1:9/impostor-keys' }),
    });
    expect((await fetch(endpoint.startUrl(await registrationUrl()))).status).toBe(409);
    expect(await tool.findPlatform(victim.issuer, victim.clientId)).toEqual(before);
    expect((await victim.launch(tool.url)).status).toBe(200);
    for (const thing of [endpoint, victim]) await thing.close();
  });
});
