import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { expectLegacyWorkKept, LEGACY_MODULES, seedLegacyDatabase } from '../../harness/legacy-links.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let pg: TestPostgres;
let dataDir: string;
let openedx: FakePlatform;
let tool: TestServer | undefined;

beforeAll(async () => {
  pg = await startPostgres();
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-pg-link-activity-'));
  openedx = await FakePlatform.start('openedx');
});
afterAll(async () => {
  await tool?.close();
  await openedx?.close();
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('migration 0003 on PostgreSQL, on a database with work under shared resource link keys', () => {
  it("shows each module's old work on its own page, numbered again, and keeps drafts and grades", async () => {
    const databaseUrl = await pg.createDatabase('link_activity');
    const seeded = await seedLegacyDatabase({ dataDir, databaseUrl }, openedx);
    tool = await startTestServer({
      dataDir,
      env: { DATABASE_URL: databaseUrl },
      starterModules: LEGACY_MODULES,
    });
    await tool.registerPlatform(openedx.registration, [openedx.deploymentId]);
    await expectLegacyWorkKept(tool.url, openedx, seeded);
  });
});
