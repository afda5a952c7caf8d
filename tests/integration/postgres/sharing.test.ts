import { afterAll, beforeAll } from 'vitest';
import { twoCanvasSchools } from '../../harness/courses.ts';
import type { FakePlatform } from '../../harness/fake-platform.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { describeSharing } from '../../harness/sharing-suite.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let pg: TestPostgres;
let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
beforeAll(async () => {
  pg = await startPostgres();
  tool = await startTestServer({ env: { DATABASE_URL: await pg.createDatabase('sharing') } });
  ({ school, otherSchool } = await twoCanvasSchools(tool));
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
  await otherSchool?.close();
  await pg?.stop();
});

describeSharing(() => ({ tool, school, otherSchool }));
