import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { api } from '../../harness/api-client.ts';
import { launchAs } from '../../harness/lti-launch.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let clock = new Date('2026-11-22T09:00:00Z');
let tool: TestServer;
beforeAll(async () => {
  tool = await startTestServer({ now: () => clock });
});
afterAll(async () => {
  await tool?.close();
});

describe('page sessions are short-lived bearer tokens, refreshable', () => {
  it('swaps the token; the old one keeps working for a minute, then stops', async () => {
    const old = (await launchAs(tool.url, 'demo-teacher-okafor')).bootstrap!.sessionToken;
    const refreshed = await api(tool.url, API.sessionRefresh, { method: 'POST', token: old });
    expect(refreshed.status).toBe(200);
    const fresh = refreshed.body.sessionToken as string;
    expect(fresh).not.toBe(old);
    expect((await api(tool.url, API.myStep, { token: old })).status).toBe(200);
    clock = new Date(clock.getTime() + 61_000);
    expect((await api(tool.url, API.myStep, { token: old })).status).toBe(401);
    expect((await api(tool.url, API.myStep, { token: fresh })).status).toBe(200);
  });

  it('expires a session that is never refreshed, and cannot refresh it afterwards', async () => {
    const token = (await launchAs(tool.url, 'demo-coach-rivera')).bootstrap!.sessionToken;
    clock = new Date(clock.getTime() + 2 * 60 * 60 * 1000 + 1000);
    expect((await api(tool.url, API.roster, { token })).status).toBe(401);
    expect((await api(tool.url, API.sessionRefresh, { method: 'POST', token })).status).toBe(401);
  });

  it('swaps a token for one successor only: twenty refreshes at once, and one in the grace minute, get the same', async () => {
    const old = (await launchAs(tool.url, 'demo-teacher-okafor')).bootstrap!.sessionToken;
    const refresh = (token: string) => api(tool.url, API.sessionRefresh, { method: 'POST', token });
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(old)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const successors = new Set(answers.map((answer) => answer.body.sessionToken as string));
    expect(successors.size).toBe(1);
    const [successor] = successors;
    clock = new Date(clock.getTime() + 30_000);
    // A retry after a lost response, still in the old token's grace: the same token, not a second.
    const again = await refresh(old);
    expect(again.body.sessionToken).toBe(successor);
    clock = new Date(clock.getTime() + 31_000);
    expect((await refresh(old)).status).toBe(401);
    expect((await api(tool.url, API.myStep, { token: successor! })).status).toBe(200);
  });

  it('ends 12 hours after the launch, however often the page refreshes', async () => {
    const launchedAt = clock.getTime();
    let token = (await launchAs(tool.url, 'demo-teacher-okafor')).bootstrap!.sessionToken;
    let lastExpiry = 0;
    for (let refreshes = 0; refreshes < 23; refreshes += 1) {
      clock = new Date(clock.getTime() + 30 * 60 * 1000);
      const fresh = await api(tool.url, API.sessionRefresh, { method: 'POST', token });
      expect(fresh.status).toBe(200);
      token = fresh.body.sessionToken as string;
      lastExpiry = Date.parse(fresh.body.expiresAt as string);
    }
    expect(lastExpiry).toBe(launchedAt + 12 * 60 * 60 * 1000);
    clock = new Date(launchedAt + 12 * 60 * 60 * 1000 - 1000);
    expect((await api(tool.url, API.myStep, { token })).status).toBe(200);
    clock = new Date(launchedAt + 12 * 60 * 60 * 1000 + 1000);
    expect((await api(tool.url, API.myStep, { token })).status).toBe(401);
    expect((await api(tool.url, API.sessionRefresh, { method: 'POST', token })).status).toBe(401);
  });

  it('is not available to a device token', async () => {
    const teacher = (await launchAs(tool.url, 'demo-teacher-shah')).bootstrap!.sessionToken;
    const code = (await api(tool.url, API.pairingCodes, { method: 'POST', token: teacher })).body.code;
    const device = (await api(tool.url, API.pair, { body: { code } })).body.deviceToken;
    expect((await api(tool.url, API.sessionRefresh, { method: 'POST', token: device })).status).toBe(403);
  });
});
