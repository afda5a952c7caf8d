import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
beforeAll(async () => {
  tool = await startTestServer();
});
afterAll(async () => {
  await tool?.close();
});

describe('responses are compressed for browsers that accept it', () => {
  it('gzips pages when asked, and not when the client does not accept it', async () => {
    const gzipped = await fetch(`${tool.url}/demo`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(await gzipped.text()).toContain('Demo LMS');

    const plain = await fetch(`${tool.url}/demo`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });
});
