import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { aSetStepChange, testId } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { aFeedback, aRound, aStarterModule, launchModule } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MODULE = 'fixture-narrate';
const SECRET_SCRIPT = 'Only my coach should read this rehearsal';
const SECRET_REFLECTION = 'I felt nervous with Year 9';
let tool: TestServer;
let school: FakePlatform;
const tokens: Record<string, string> = {};
let linkKey = '';
let stepId = '';

const history = (who: string, userId: string) =>
  api(tool.url, PRACTICE_API.traineeHistory(userId), { token: tokens[who] });

beforeAll(async () => {
  tool = await startTestServer({
    starterModules: [aStarterModule(MODULE), aStarterModule('fixture-unused', { title: 'Unused module' })],
  });
  school = await FakePlatform.start('moodle', 'history-school');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  const inA = { course: 'course-a', link: 'link-a', module: MODULE };
  const people = [
    ['ann', { userId: 'learner-ann', name: 'Ann Ahmed', ...inA }],
    ['ben', { userId: 'learner-ben', name: 'Ben Brook', ...inA }],
    ['coachA', { userId: 'instructor-a', name: 'Cat Coach', ...inA }],
    ['providerA', { userId: 'admin-a', role: 'admin' as const, ...inA }],
    ['coachB', { userId: 'instructor-b', course: 'course-b', link: 'link-b', module: MODULE }],
  ] as const;
  for (const [who, launch] of people) {
    const bootstrap = await launchModule(school, tool.url, launch);
    tokens[who] = bootstrap.sessionToken;
    if (who === 'ann') linkKey = bootstrap.activity!.linkKey;
  }

  const change = aSetStepChange('learner-ann', { title: 'Narrate two pupils' });
  stepId = change.kind === 'set-action-step' ? change.stepId : '';
  const pushed = await api(tool.url, API.syncPush, { token: tokens.coachA, body: { changes: [change] } });
  expect(pushed.body.results[0].status).toBe('applied');
  const first = aRound(linkKey, { script: SECRET_SCRIPT });
  expect((await api(tool.url, PRACTICE_API.rounds, { token: tokens.ann, body: first })).status).toBe(201);
  expect(
    (await api(tool.url, PRACTICE_API.rounds, { token: tokens.ann, body: aRound(linkKey) })).status,
  ).toBe(201);
  expect(
    (await api(tool.url, PRACTICE_API.rounds, { token: tokens.ben, body: aRound(linkKey) })).status,
  ).toBe(201);
  expect(
    (await api(tool.url, PRACTICE_API.roundFeedback(first.id), { token: tokens.coachA, body: aFeedback() }))
      .status,
  ).toBe(201);
  const checkIn = { id: testId(), actionStepId: stepId, linkKey, outcome: 'went-well', note: 'Worked in P3' };
  expect((await api(tool.url, PRACTICE_API.checkIns, { token: tokens.ann, body: checkIn })).status).toBe(201);
  const reflection = { id: testId(), linkKey, wentWell: SECRET_REFLECTION, change: '', next: '' };
  expect(
    (await api(tool.url, PRACTICE_API.reflections, { token: tokens.ann, body: reflection })).status,
  ).toBe(201);
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
});

describe("a trainee's history", () => {
  it('shows the coach of the course every step, round, feedback, check-in and reflection', async () => {
    const response = await history('coachA', 'learner-ann');
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.trainee).toEqual({ userId: 'learner-ann', name: 'Ann Ahmed' });
    expect(body.steps).toEqual([
      expect.objectContaining({ id: stepId, title: 'Narrate two pupils', status: 'current' }),
    ]);
    // Newest first.
    expect(body.rounds.map((r: { roundNumber: number }) => r.roundNumber)).toEqual([2, 1]);
    expect(body.rounds[1]).toMatchObject({
      script: SECRET_SCRIPT,
      moduleTitle: 'Narrate the positive',
      feedback: { ...aFeedback(), coachName: 'Cat Coach' },
    });
    expect(body.rounds[0].feedback).toBeNull();
    expect(body.checkIns).toEqual([expect.objectContaining({ actionStepId: stepId, outcome: 'went-well' })]);
    expect(body.reflections).toEqual([expect.objectContaining({ wentWell: SECRET_REFLECTION })]);
  });

  it('shows the teacher their own history, and no one else’s', async () => {
    const own = await history('ann', 'learner-ann');
    expect(own.status).toBe(200);
    expect(own.body).toEqual((await history('coachA', 'learner-ann')).body);
    expect((await history('ben', 'learner-ann')).status).toBe(403);
  });

  it('is private from providers (403) and from coaches of other courses (404)', async () => {
    const provider = await history('providerA', 'learner-ann');
    expect(provider.status).toBe(403);
    expect(JSON.stringify(provider.body)).not.toContain(SECRET_SCRIPT);
    expect((await history('coachB', 'learner-ann')).status).toBe(404);
    expect((await history('coachA', 'learner-nobody')).status).toBe(404);
  });
});

describe('provider activity', () => {
  it('counts use per module, and carries no text anyone wrote', async () => {
    const response = await api(tool.url, PRACTICE_API.providerActivity, { token: tokens.providerA });
    expect(response.status).toBe(200);
    expect(response.body.modules).toEqual([
      {
        moduleId: MODULE,
        title: 'Narrate the positive',
        courses: 2,
        trainees: 2,
        rounds: 3,
        reviewed: 1,
        checkIns: 1,
        reflections: 1,
      },
      {
        moduleId: 'fixture-unused',
        title: 'Unused module',
        courses: 0,
        trainees: 0,
        rounds: 0,
        reviewed: 0,
        checkIns: 0,
        reflections: 0,
      },
    ]);
    const text = JSON.stringify(response.body);
    for (const secret of [
      SECRET_SCRIPT,
      SECRET_REFLECTION,
      'Worked in P3',
      aFeedback().praise,
      'learner-ann',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('is for providers only', async () => {
    for (const who of ['coachA', 'ann']) {
      expect((await api(tool.url, PRACTICE_API.providerActivity, { token: tokens[who] })).status).toBe(403);
    }
  });
});
