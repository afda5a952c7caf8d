/**
 * `npm run seed:programme` (tests/bench/seed-programme.ts) at a thousandth of the programme: it
 * migrates an empty database, writes the rows under the institution the arguments name, and
 * refuses to seed the same institution twice; a bad argument writes nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenantKeyOf } from '../../../lti-tool/core/link-keys.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PLATFORM = { issuer: 'https://lms.example.org', clientId: 'seed-client', deploymentId: '1' };
let pg: TestPostgres;
let databaseUrl: string;

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase('seed_programme');
});
afterAll(async () => {
  await pg?.stop();
});

function seed(...extra: string[]) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'tests/bench/seed-programme.ts',
      '--database-url',
      databaseUrl,
      '--issuer',
      PLATFORM.issuer,
      '--client-id',
      PLATFORM.clientId,
      '--deployment-id',
      PLATFORM.deploymentId,
      ...extra,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
}

it('refuses a scale outside (0, 1] and writes nothing', async () => {
  const run = seed('--scale', '2');
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('usage: npm run seed:programme');
  const tables = await pg.query<{ n: string }>(
    databaseUrl,
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'coaching_contexts'`,
  );
  expect(Number(tables[0]!.n)).toBe(0);
});

it('seeds a thousandth of the programme under the named institution, once', async () => {
  const run = seed('--scale', '0.001');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const tenant = tenantKeyOf({ tenant: PLATFORM });
  const [counts] = await pg.query<Record<string, string>>(
    databaseUrl,
    `SELECT
       (SELECT count(*) FROM coaching_members WHERE role = 'teacher') AS teachers,
       (SELECT count(*) FROM practice_rounds WHERE tenant = '${tenant}') AS rounds,
       (SELECT count(*) FROM check_ins WHERE tenant = '${tenant}') AS "checkIns",
       (SELECT count(*) FROM action_steps WHERE tenant = '${tenant}' AND status = 'current') AS current`,
  );
  // 20,000 teachers, 1,000,000 rounds and 2,000,000 check-ins at full size.
  expect(counts).toEqual({ teachers: '20', rounds: '1000', checkIns: '2000', current: '20' });
  expect(run.stdout).toContain('20 teachers');

  const again = seed('--scale', '0.001');
  expect(again.status).toBe(1);
  expect(again.stderr).toContain('already holds a seeded programme');
  const [after] = await pg.query<{ rounds: string }>(
    databaseUrl,
    `SELECT count(*) AS rounds FROM practice_rounds`,
  );
  expect(after!.rounds).toBe('1000');
});
