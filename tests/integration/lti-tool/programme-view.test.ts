import { afterAll, beforeAll } from 'vitest';
import { twoCanvasSchools } from '../../harness/courses.ts';
import type { FakePlatform } from '../../harness/fake-platform.ts';
import { describeProgrammeView, programmeClock } from '../../harness/programme-suite.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
beforeAll(async () => {
  tool = await startTestServer({ now: () => programmeClock.now });
  ({ school, otherSchool } = await twoCanvasSchools(tool));
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
  await otherSchool?.close();
});

describeProgrammeView(() => ({ tool, school, otherSchool }));
