import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCoachingDb } from '../../../shared/data/db.ts';
import { SyncError } from '../../../shared/data/errors.ts';
import { createHttpTransport } from '../../../shared/data/http-transport.ts';
import { outboxSize } from '../../../shared/data/outbox.ts';
import { systemClock, randomIds } from '../../../shared/data/ports.ts';
import { createActionStepRepository } from '../../../shared/data/repositories/action-steps.ts';
import { syncOnce } from '../../../shared/data/sync-client.ts';
import { api } from '../../harness/api-client.ts';
import { aStepInput } from '../../harness/builders.ts';
import { launchAs } from '../../harness/lti-launch.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';
import { API } from '../../../shared/protocol/api.ts';

let tool: TestServer;
beforeAll(async () => {
  tool = await startTestServer();
});
afterAll(async () => {
  await tool?.close();
});

describe('shared data layer against the real tool over HTTP', () => {
  it("a coach's offline-first write reaches the server and the teacher's paired device", async () => {
    const coach = (await launchAs(tool.url, 'demo-coach-rivera')).bootstrap!;
    const teacher = (await launchAs(tool.url, 'demo-teacher-shah')).bootstrap!;
    await api(tool.url, API.roster, { token: coach.sessionToken });

    const coachDb = await openCoachingDb('coach');
    const coachSteps = createActionStepRepository(coachDb, { clock: systemClock, ids: randomIds });
    await coachSteps.setForTeacher(
      'demo-teacher-shah',
      aStepInput({ title: 'Use a visualiser for modelling' }),
    );
    const transport = createHttpTransport({ baseUrl: tool.url, token: () => coach.sessionToken });
    const report = await syncOnce(coachDb, { transport, steps: coachSteps, clock: systemClock });
    expect(report).toMatchObject({ pushed: 1, rejected: [] });
    expect(await outboxSize(coachDb)).toBe(0);

    const code = (await api(tool.url, API.pairingCodes, { method: 'POST', token: teacher.sessionToken })).body
      .code;
    const deviceToken = (await api(tool.url, API.pair, { body: { code } })).body.deviceToken as string;
    const deviceDb = await openCoachingDb('device');
    const deviceSteps = createActionStepRepository(deviceDb, { clock: systemClock, ids: randomIds });
    await syncOnce(deviceDb, {
      transport: createHttpTransport({ baseUrl: tool.url, token: () => deviceToken }),
      steps: deviceSteps,
      clock: systemClock,
    });
    expect((await deviceSteps.current())?.title).toBe('Use a visualiser for modelling');
  });

  it('maps a revoked token to a non-retriable unauthenticated error', async () => {
    const db = await openCoachingDb('revoked');
    const steps = createActionStepRepository(db, { clock: systemClock, ids: randomIds });
    const transport = createHttpTransport({
      baseUrl: tool.url,
      token: () => 'dev_revokedrevokedrevokedrevoked',
    });
    const error = await syncOnce(db, { transport, steps, clock: systemClock }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).reason).toBe('unauthenticated');
    expect((error as SyncError).retriable).toBe(false);
  });

  it('maps an unreachable server to a retriable offline error', async () => {
    const db = await openCoachingDb('offline');
    const steps = createActionStepRepository(db, { clock: systemClock, ids: randomIds });
    const transport = createHttpTransport({ baseUrl: 'http://127.0.0.1:9', token: () => null });
    const error = await syncOnce(db, { transport, steps, clock: systemClock }).catch(
      (caught: unknown) => caught,
    );
    expect((error as SyncError).reason).toBe('offline');
  });
});
