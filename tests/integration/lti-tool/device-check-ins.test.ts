import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { aSetStepChange, testId } from '../../harness/builders.ts';
import { launchInCourse, pairDevice as pairDeviceAs, twoCanvasSchools } from '../../harness/courses.ts';
import type { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
const tokens: Record<string, string> = {};
const stepIds: Record<string, string> = {};

const launch = (platform: FakePlatform, course: string, userId: string) =>
  launchInCourse(tool.url, platform, course, userId);

async function setStep(coach: string, teacherId: string, title: string): Promise<string> {
  const change = aSetStepChange(teacherId, { title });
  const result = await api(tool.url, API.syncPush, { token: tokens[coach], body: { changes: [change] } });
  expect(result.body.results[0].status).toBe('applied');
  return change.kind === 'set-action-step' ? change.stepId : '';
}

const pairDevice = (teacher: string) => pairDeviceAs(tool.url, tokens[teacher]!);

/** What the teacher (and their coach) see in the course: the check-ins stored there. */
async function checkInsOf(teacher: string, userId: string): Promise<{ id: string; outcome: string }[]> {
  const history = await api(tool.url, PRACTICE_API.traineeHistory(userId), { token: tokens[teacher] });
  expect(history.status).toBe(200);
  return history.body.checkIns;
}

function aCheckIn(overrides: Record<string, unknown> = {}) {
  return { id: testId(), outcome: 'planned', note: 'In Tuesday’s plan, slide 3', ...overrides };
}

beforeAll(async () => {
  tool = await startTestServer();
  ({ school, otherSchool } = await twoCanvasSchools(tool));
  tokens.coachA = await launch(school, 'course-A', 'instructor-a');
  tokens.teacherA1 = await launch(school, 'course-A', 'learner-a1');
  tokens.teacherA2 = await launch(school, 'course-A', 'learner-a2');
  // The same user id at another school (a shared Canvas issuer): a different teacher.
  tokens.otherTeacherA1 = await launch(otherSchool, 'course-A', 'learner-a1');
  stepIds.a1 = await setStep('coachA', 'learner-a1', 'A1 step');
  tokens.deviceA1 = await pairDevice('teacherA1');
  tokens.deviceA2 = await pairDevice('teacherA2');
  tokens.deviceOtherA1 = await pairDevice('otherTeacherA1');
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
  await otherSchool?.close();
});

describe('POST /api/check-ins from a paired device', () => {
  it('stores a "planned" check-in once, on its own teacher’s current step and course', async () => {
    const checkIn = aCheckIn();
    const first = await api(tool.url, PRACTICE_API.checkIns, { token: tokens.deviceA1, body: checkIn });
    expect(first.status).toBe(201);
    expect(first.body.checkIn).toMatchObject({
      id: checkIn.id,
      outcome: 'planned',
      note: checkIn.note,
      actionStepId: stepIds.a1,
    });
    const again = await api(tool.url, PRACTICE_API.checkIns, { token: tokens.deviceA1, body: checkIn });
    expect(again.status).toBe(200);
    expect(again.body.checkIn).toEqual(first.body.checkIn);
    const stored = (await checkInsOf('teacherA1', 'learner-a1')).filter((c) => c.id === checkIn.id);
    expect(stored).toEqual([expect.objectContaining({ id: checkIn.id, outcome: 'planned' })]);
    // The coach of the course sees it too; the same user id at another school does not.
    expect((await checkInsOf('coachA', 'learner-a1')).map((c) => c.id)).toContain(checkIn.id);
    expect((await checkInsOf('otherTeacherA1', 'learner-a1')).map((c) => c.id)).not.toContain(checkIn.id);
  });

  it('accepts the step the device names when it is the teacher’s own', async () => {
    const checkIn = aCheckIn({ actionStepId: stepIds.a1, note: '' });
    const response = await api(tool.url, PRACTICE_API.checkIns, { token: tokens.deviceA1, body: checkIn });
    expect(response.status).toBe(201);
    expect(response.body.checkIn.actionStepId).toBe(stepIds.a1);
  });

  it('refuses with a clear 409 when the teacher has no current step, storing nothing', async () => {
    const checkIn = aCheckIn();
    const response = await api(tool.url, PRACTICE_API.checkIns, { token: tokens.deviceA2, body: checkIn });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/no current action step/);
    expect(await checkInsOf('teacherA2', 'learner-a2')).toEqual([]);
  });

  it('refuses another teacher’s step, even for the same user id at another school', async () => {
    for (const token of [tokens.deviceA2, tokens.deviceOtherA1]) {
      const checkIn = aCheckIn({ actionStepId: stepIds.a1 });
      const response = await api(tool.url, PRACTICE_API.checkIns, { token, body: checkIn });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/not one of your action steps/);
    }
    expect(await checkInsOf('teacherA2', 'learner-a2')).toEqual([]);
    expect(await checkInsOf('otherTeacherA1', 'learner-a1')).toEqual([]);
  });

  it('refuses an activity link and an over-long note (400), storing nothing', async () => {
    const before = (await checkInsOf('teacherA1', 'learner-a1')).length;
    const withLink = await api(tool.url, PRACTICE_API.checkIns, {
      token: tokens.deviceA1,
      body: aCheckIn({ linkKey: 'course-A-link-key' }),
    });
    expect(withLink.status).toBe(400);
    const tooLong = await api(tool.url, PRACTICE_API.checkIns, {
      token: tokens.deviceA1,
      body: aCheckIn({ note: 'x'.repeat(281) }),
    });
    expect(tooLong.status).toBe(400);
    expect(await checkInsOf('teacherA1', 'learner-a1')).toHaveLength(before);
  });

  it('a device still cannot write reflections, and a revoked device gets 401', async () => {
    const reflection = await api(tool.url, PRACTICE_API.reflections, {
      token: tokens.deviceA1,
      body: { id: testId(), wentWell: 'Calm', change: '', next: '' },
    });
    expect(reflection.status).toBe(403);
    const revoked = await pairDevice('teacherA1');
    expect((await api(tool.url, API.currentDevice, { method: 'DELETE', token: revoked })).status).toBe(204);
    const before = (await checkInsOf('teacherA1', 'learner-a1')).length;
    const response = await api(tool.url, PRACTICE_API.checkIns, { token: revoked, body: aCheckIn() });
    expect(response.status).toBe(401);
    expect(await checkInsOf('teacherA1', 'learner-a1')).toHaveLength(before);
  });
});
