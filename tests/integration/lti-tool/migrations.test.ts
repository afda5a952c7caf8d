import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../lti-tool/db/database.ts';
import { MIGRATIONS, migrate } from '../../../lti-tool/db/migrations/index.ts';
import { defineModels } from '../../../lti-tool/db/models.ts';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import {
  allRows,
  createPreviousReleaseSchema,
  describeSchema,
  expectRowsKept,
  expectPreviousReleaseDataRead,
  PREVIOUS_RELEASE_MIGRATIONS,
  seedPreviousReleaseRows,
} from '../../harness/legacy-release.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
/** A new SQLite database of its own (the file is DATA_DIR/coaching.sqlite). */
function openNew() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-migrations-'));
  dirs.push(dataDir);
  return openSequelize({ dataDir, databaseUrl: null });
}
const ALL = MIGRATIONS.map((migration) => migration.name);

async function freshSchema() {
  const sequelize = await openNew();
  try {
    expect(await migrate(sequelize)).toEqual(ALL);
    return await describeSchema(sequelize);
  } finally {
    await sequelize.close();
  }
}

describe('migrations on SQLite', () => {
  it("upgrade the previous release's database with data in it: every row kept, the schema a new database's", async () => {
    const sequelize = await openNew();
    await createPreviousReleaseSchema(sequelize, { migrations: 'recorded' });
    await seedPreviousReleaseRows(sequelize);
    const before = await allRows(sequelize);

    const db = await createDatabase(sequelize);
    try {
      expectRowsKept(before, await allRows(sequelize));
      expect(await describeSchema(sequelize)).toEqual(await freshSchema());
      const recorded = await sequelize.query('SELECT name FROM coaching_migrations ORDER BY name', {
        plain: false,
        raw: true,
      });
      expect(recorded[0]).toEqual(ALL.map((name) => ({ name })));
      expect(ALL.slice(0, PREVIOUS_RELEASE_MIGRATIONS.length)).toEqual(PREVIOUS_RELEASE_MIGRATIONS);
      await expectPreviousReleaseDataRead(db);
    } finally {
      await db.close();
    }
  });

  it('adopt a database made before migrations existed, and run nothing on the next start', async () => {
    const sequelize = await openNew();
    await createPreviousReleaseSchema(sequelize, { migrations: 'none' });
    expect(await migrate(sequelize)).toEqual(ALL);
    expect(await migrate(sequelize)).toEqual([]);
    try {
      expect(await describeSchema(sequelize)).toEqual(await freshSchema());
    } finally {
      await sequelize.close();
    }
  });

  it('models.ts describes exactly the columns the migrations make', async () => {
    const sequelize = await openNew();
    try {
      await migrate(sequelize);
      for (const model of Object.values(defineModels(sequelize))) {
        const table = model.getTableName() as string;
        const columns = Object.keys(await sequelize.getQueryInterface().describeTable(table));
        expect(Object.keys(model.getAttributes()).sort(), table).toEqual(columns.sort());
      }
    } finally {
      await sequelize.close();
    }
  });
});
