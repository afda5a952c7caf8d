import { afterAll, beforeAll } from 'vitest';
import type { Logger } from '../../../lti-tool/core/logger.ts';
import { DATA_RIGHTS_ENV, DATA_RIGHTS_MODULES, describeDataRights } from '../../harness/data-rights-suite.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const lines: string[] = [];
const logger: Logger = {
  info: (message, meta) => void lines.push(JSON.stringify({ message, ...meta })),
  error: (message, meta) => void lines.push(JSON.stringify({ message, ...meta })),
};

let pg: TestPostgres;
let tool: TestServer;
beforeAll(async () => {
  pg = await startPostgres();
  tool = await startTestServer({
    env: { ...DATA_RIGHTS_ENV, DATABASE_URL: await pg.createDatabase('data_rights') },
    starterModules: DATA_RIGHTS_MODULES,
    logger,
  });
});
afterAll(async () => {
  await tool?.close();
  await pg?.stop();
});

describeDataRights(() => ({ tool, logged: () => lines.join('\n') }));
