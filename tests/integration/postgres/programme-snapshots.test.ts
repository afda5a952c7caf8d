import { afterAll, beforeAll } from 'vitest';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { describeProgrammeSnapshots } from '../../harness/programme-snapshots-suite.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(() => pg?.stop());

describeProgrammeSnapshots(async () =>
  openSequelize({ dataDir: '/nonexistent', databaseUrl: await pg.createDatabase('snapshots') }),
);
