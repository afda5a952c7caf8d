import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { api } from '../../harness/api-client.ts';
import { aSetStepChange } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let pg: TestPostgres;
let tool: TestServer;
let moodle: FakePlatform;
let coachToken: string;
let teacherToken: string;
const TEACHER = 'learner-1';

beforeAll(async () => {
  pg = await startPostgres();
  tool = await startTestServer({ env: { DATABASE_URL: await pg.createDatabase('launch_and_api') } });
  moodle = await FakePlatform.start('moodle');
  await tool.registerPlatform(moodle.registration, [moodle.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await moodle?.close();
  await pg?.stop();
});

describe('the tool on PostgreSQL (one process)', () => {
  it('keeps everything in PostgreSQL, nothing in SQLite', async () => {
    expect(tool.config.databaseUrl).toMatch(/^postgres:\/\//);
    const rows = await pg.query<{ count: string }>(
      tool.config.databaseUrl!,
      "SELECT count(*) AS count FROM lti_platforms WHERE name = 'Fake moodle'",
    );
    expect(Number(rows[0]?.count)).toBe(1);
    expect(existsSync(path.join(tool.dataDir, 'coaching.sqlite'))).toBe(false);
  });

  it('accepts a platform launch for a coach and a teacher', async () => {
    const coach = await moodle.launch(tool.url, { userId: 'instructor-1' });
    expect(coach.status).toBe(200);
    expect(coach.bootstrap?.page).toBe('coach');
    const teacher = await moodle.launch(tool.url, { userId: TEACHER });
    expect(teacher.bootstrap?.page).toBe('teacher');
    coachToken = coach.bootstrap!.sessionToken;
    teacherToken = teacher.bootstrap!.sessionToken;
  });

  it('applies a pushed step once, and the coach, the teacher and a paired extension pull it', async () => {
    const change = aSetStepChange(TEACHER, { title: 'Cold call with wait time' });
    const first = await api(tool.url, API.syncPush, { token: coachToken, body: { changes: [change] } });
    const again = await api(tool.url, API.syncPush, { token: coachToken, body: { changes: [change] } });
    expect(first.body.results[0].status).toBe('applied');
    expect(again.body.results[0].status).toBe('duplicate');

    const coachPull = await api(tool.url, `${API.syncPull}?since=0`, { token: coachToken });
    expect(coachPull.body.steps.map((s: { title: string }) => s.title)).toEqual(['Cold call with wait time']);
    const none = await api(tool.url, `${API.syncPull}?since=${coachPull.body.cursor}`, { token: coachToken });
    expect(none.body.steps).toEqual([]);

    expect((await api(tool.url, API.myStep, { token: teacherToken })).body.step.title).toBe(
      'Cold call with wait time',
    );

    const code = await api(tool.url, API.pairingCodes, { method: 'POST', token: teacherToken });
    expect(code.status).toBe(201);
    const paired = await api(tool.url, API.pair, { body: { code: code.body.code } });
    expect(paired.status).toBe(201);
    expect((await api(tool.url, API.pair, { body: { code: code.body.code } })).status).toBe(404);
    const devicePull = await api(tool.url, `${API.syncPull}?since=0`, { token: paired.body.deviceToken });
    expect(devicePull.body.steps[0].title).toBe('Cold call with wait time');
  });

  it('archives the previous step: exactly one current step per teacher', async () => {
    await api(tool.url, API.syncPush, {
      token: coachToken,
      body: { changes: [aSetStepChange(TEACHER, { title: 'Narrate the positive' })] },
    });
    const pull = await api(tool.url, `${API.syncPull}?since=0`, { token: coachToken });
    const current = pull.body.steps.filter((s: { status: string }) => s.status === 'current');
    expect(current.map((s: { title: string }) => s.title)).toEqual(['Narrate the positive']);
  });

  it('swaps a session token for one successor, however many refreshes race', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api(tool.url, API.sessionRefresh, { method: 'POST', token: teacherToken }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((answer) => answer.body.sessionToken)).size).toBe(1);
  });
});
