import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  expectServiceOriginsMigrated,
  seedPlatformsBeforeServiceOrigins,
} from '../../harness/legacy-platforms.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';

let pg: TestPostgres;
let dataDir: string;
beforeAll(async () => {
  pg = await startPostgres();
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-pg-service-origins-'));
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('migration 0002 on PostgreSQL', () => {
  it('gives lti_platforms its serviceOrigins column, keeping the platforms registered', async () => {
    const config = { dataDir, databaseUrl: await pg.createDatabase('service_origins') };
    await seedPlatformsBeforeServiceOrigins(config);
    await expectServiceOriginsMigrated(config);
  });
});
