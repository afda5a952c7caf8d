import { afterAll, beforeAll } from 'vitest';
import { cycleClock, describeCoachingCycle } from '../../harness/coaching-cycle-suite.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
beforeAll(async () => {
  tool = await startTestServer({ now: () => cycleClock.now });
});
afterAll(async () => {
  await tool?.close();
});

describeCoachingCycle(() => tool);
