import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { expectLegacyWorkKept, LEGACY_MODULES, seedLegacyDatabase } from '../../harness/legacy-links.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let dataDir: string;
let openedx: FakePlatform;
let tool: TestServer | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-link-activity-'));
  openedx = await FakePlatform.start('openedx');
});
afterAll(async () => {
  await tool?.close();
  await openedx?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('migration 0003 on SQLite, on a database with work under shared resource link keys', () => {
  it("shows each module's old work on its own page, numbered again, and keeps drafts and grades", async () => {
    const seeded = await seedLegacyDatabase({ dataDir, databaseUrl: null }, openedx);
    tool = await startTestServer({ dataDir, starterModules: LEGACY_MODULES });
    await tool.registerPlatform(openedx.registration, [openedx.deploymentId]);
    await expectLegacyWorkKept(tool.url, openedx, seeded);
  });
});
