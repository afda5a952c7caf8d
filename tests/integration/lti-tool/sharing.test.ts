import { afterAll, beforeAll } from 'vitest';
import { twoCanvasSchools } from '../../harness/courses.ts';
import type { FakePlatform } from '../../harness/fake-platform.ts';
import { describeSharing } from '../../harness/sharing-suite.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
beforeAll(async () => {
  tool = await startTestServer();
  ({ school, otherSchool } = await twoCanvasSchools(tool));
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
  await otherSchool?.close();
});

describeSharing(() => ({ tool, school, otherSchool }));
