/**
 * Two tool processes on one PostgreSQL, as replicas behind a load balancer: a client's pairing
 * guesses count against one shared limit, whichever process takes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { api } from '../../harness/api-client.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';
import { startToolServerProcess, type ToolServerProcess } from '../../harness/tool-server-process.ts';

const FAILED_PAIRINGS = 4;
let pg: TestPostgres;
let a: TestServer;
let b: ToolServerProcess;

beforeAll(async () => {
  pg = await startPostgres();
  const databaseUrl = await pg.createDatabase('rate_limits');
  const limits = { PAIRING_RATE_LIMIT: String(FAILED_PAIRINGS) };
  a = await startTestServer({ env: { DATABASE_URL: databaseUrl, ...limits } });
  b = await startToolServerProcess({
    DATA_DIR: a.dataDir,
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: a.url,
    ...limits,
  });
});
afterAll(async () => {
  await b?.stop();
  await a?.close();
  await pg?.stop();
});

describe('pairing limits across processes', () => {
  it(`refuses a client on both after ${FAILED_PAIRINGS} failed guesses spread over the two`, async () => {
    const guess = (url: string, code: string) => api(url, API.pair, { body: { code } });
    const listening = `http://localhost:${a.config.port}`;
    const spread = await Promise.all([
      guess(listening, 'AAAA-AAA2'),
      guess(b.url, 'AAAA-AAA3'),
      guess(listening, 'AAAA-AAA4'),
      guess(b.url, 'AAAA-AAA5'),
    ]);
    expect(spread.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect((await guess(listening, 'AAAA-AAA6')).status).toBe(429);
    expect((await guess(b.url, 'AAAA-AAA7')).status).toBe(429);
  });
});
