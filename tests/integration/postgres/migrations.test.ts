import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../lti-tool/db/database.ts';
import { MIGRATIONS, migrate } from '../../../lti-tool/db/migrations/index.ts';
import { defineModels } from '../../../lti-tool/db/models.ts';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { api } from '../../harness/api-client.ts';
import {
  allRows,
  createPreviousReleaseSchema,
  describeSchema,
  expectRowsKept,
  expectPreviousReleaseDataRead,
  seedPreviousReleaseRows,
} from '../../harness/legacy-release.ts';
import { freePort } from '../../harness/free-port.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startToolServerProcess, startToolServerProcesses } from '../../harness/tool-server-process.ts';

let pg: TestPostgres;
let dataDir: string;

beforeAll(async () => {
  pg = await startPostgres();
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-pg-migrations-'));
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const open = (databaseUrl: string) => openSequelize({ dataDir, databaseUrl });
const ALL = MIGRATIONS.map((migration) => migration.name);

async function tables(url: string): Promise<string[]> {
  const rows = await pg.query<{ tablename: string }>(
    url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((row) => row.tablename);
}

async function recorded(url: string): Promise<string[]> {
  const rows = await pg.query<{ name: string }>(url, 'SELECT name FROM coaching_migrations ORDER BY name');
  return rows.map((row) => row.name);
}

describe('migrations on PostgreSQL', () => {
  it('create every table of models.ts on an empty database and record each migration once', async () => {
    const url = await pg.createDatabase('fresh');
    const sequelize = await open(url);
    const db = await createDatabase(sequelize);
    const expected = Object.values(defineModels(sequelize)).map((model) => model.getTableName() as string);
    await db.close();
    expect(await tables(url)).toEqual(expect.arrayContaining([...expected, 'coaching_migrations']));
    expect(await recorded(url)).toEqual(ALL);
  });

  it('run nothing on a second start', async () => {
    const url = await pg.createDatabase('restarted');
    const first = await open(url);
    expect(await migrate(first)).toEqual(ALL);
    await first.close();
    const second = await open(url);
    expect(await migrate(second)).toEqual([]);
    await second.close();
    expect(await recorded(url)).toEqual(ALL);
  });

  it('take turns when two processes start on an empty database at once', async () => {
    const url = await pg.createDatabase('raced');
    const [a, b] = await Promise.all([open(url), open(url)]);
    const ran = await Promise.all([migrate(a), migrate(b)]);
    await Promise.all([a.close(), b.close()]);
    // One ran everything, the other found nothing left to run.
    expect(ran.map((names) => names.length).sort()).toEqual([0, ALL.length]);
    expect(await recorded(url)).toEqual(ALL);
  });

  it('adopt a database made before migrations existed (its tables, no record)', async () => {
    const url = await pg.createDatabase('legacy');
    const old = await open(url);
    await createPreviousReleaseSchema(old, { migrations: 'none' });
    await old.close();
    const sequelize = await open(url);
    expect(await migrate(sequelize)).toEqual(ALL);
    await sequelize.close();
  });

  it("upgrade the previous release's database with data in it: every row kept, the schema a new database's", async () => {
    const fresh = await open(await pg.createDatabase('new_schema'));
    expect(await migrate(fresh)).toEqual(ALL);
    const newSchema = await describeSchema(fresh);
    await fresh.close();

    const url = await pg.createDatabase('previous_release');
    const old = await open(url);
    await createPreviousReleaseSchema(old, { migrations: 'recorded' });
    await seedPreviousReleaseRows(old);
    const before = await allRows(old);
    await old.close();

    const sequelize = await open(url);
    const db = await createDatabase(sequelize);
    try {
      expectRowsKept(before, await allRows(sequelize));
      expect(await describeSchema(sequelize)).toEqual(newSchema);
      expect(await recorded(url)).toEqual(ALL);
      await expectPreviousReleaseDataRead(db);
    } finally {
      await db.close();
    }
  });
});

describe('the tool on PostgreSQL', () => {
  it('starts, migrates, and after a restart runs no migration again and keeps its data', async () => {
    const url = await pg.createDatabase('tool');
    // A restart keeps its port, so the demo LMS it registers is the same one.
    const env = { DATA_DIR: dataDir, DATABASE_URL: url, PORT: String(await freePort()) };
    const first = await startToolServerProcess(env);
    expect((await api(first.url, '/healthz')).status).toBe(200);
    // Our tables, with their migration record. The tool's keys are ours too (tool_keys): a new
    // database never gets ltijs's tables.
    expect(await tables(url)).toEqual(
      expect.arrayContaining(['coaching_migrations', 'action_steps', 'lti_platforms', 'tool_keys']),
    );
    expect(await tables(url)).not.toEqual(expect.arrayContaining(['SequelizeMeta']));
    const registered = await pg.query(url, 'SELECT * FROM lti_platforms');
    const keys = await pg.query(url, 'SELECT kid, "publicJwk", signing FROM tool_keys ORDER BY kid');
    expect(keys.length).toBeGreaterThan(0);
    await first.stop();

    const second = await startToolServerProcess(env);
    try {
      expect((await api(second.url, '/healthz')).status).toBe(200);
      expect(await recorded(url)).toEqual(ALL);
      expect(await pg.query(url, 'SELECT * FROM lti_platforms')).toEqual(registered);
      expect(await pg.query(url, 'SELECT kid, "publicJwk", signing FROM tool_keys ORDER BY kid')).toEqual(
        keys,
      );
    } finally {
      await second.stop();
    }
  });

  it('starts three processes at once on an empty database: schema setup takes turns', async () => {
    const url = await pg.createDatabase('tool_race');
    const started = await startToolServerProcesses(
      [1, 2, 3].map(() => ({ DATA_DIR: dataDir, DATABASE_URL: url })),
    );
    const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      expect(started.filter((result) => result.status === 'rejected')).toEqual([]);
      for (const tool of running) expect((await api(tool.url, '/healthz')).status).toBe(200);
      expect(await recorded(url)).toEqual(ALL);
    } finally {
      await Promise.all(running.map((tool) => tool.stop()));
    }
  });
});
