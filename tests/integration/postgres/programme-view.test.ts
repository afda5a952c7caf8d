import { afterAll, beforeAll } from 'vitest';
import { twoCanvasSchools } from '../../harness/courses.ts';
import type { FakePlatform } from '../../harness/fake-platform.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { describeProgrammeView, programmeClock } from '../../harness/programme-suite.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let pg: TestPostgres;
let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
beforeAll(async () => {
  pg = await startPostgres();
  tool = await startTestServer({
    now: () => programmeClock.now,
    env: { DATABASE_URL: await pg.createDatabase('programme_view') },
  });
  ({ school, otherSchool } = await twoCanvasSchools(tool));
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
  await otherSchool?.close();
  await pg?.stop();
});

describeProgrammeView(() => ({ tool, school, otherSchool }));
