import { afterAll, beforeAll } from 'vitest';
import { cycleClock, describeCoachingCycle } from '../../harness/coaching-cycle-suite.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let pg: TestPostgres;
let tool: TestServer;
beforeAll(async () => {
  pg = await startPostgres();
  tool = await startTestServer({
    now: () => cycleClock.now,
    env: { DATABASE_URL: await pg.createDatabase('coaching_cycle') },
  });
});
afterAll(async () => {
  await tool?.close();
  await pg?.stop();
});

describeCoachingCycle(() => tool);
