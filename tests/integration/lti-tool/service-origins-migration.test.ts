import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  expectServiceOriginsMigrated,
  seedPlatformsBeforeServiceOrigins,
} from '../../harness/legacy-platforms.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-service-origins-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('migration 0002 on SQLite', () => {
  it('gives lti_platforms its serviceOrigins column, keeping the platforms registered', async () => {
    const config = { dataDir, databaseUrl: null };
    await seedPlatformsBeforeServiceOrigins(config);
    await expectServiceOriginsMigrated(config);
  });
});
