import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { pairDevice as pairDeviceAs } from '../../harness/courses.ts';
import { aSetStepChange, testId } from '../../harness/builders.ts';
import { launchAs } from '../../harness/lti-launch.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const TEACHER = 'demo-teacher-okafor';
let tool: TestServer;
let coachToken: string;
let teacherToken: string;

beforeAll(async () => {
  tool = await startTestServer();
  coachToken = (await launchAs(tool.url, 'demo-coach-rivera')).bootstrap!.sessionToken;
  teacherToken = (await launchAs(tool.url, TEACHER)).bootstrap!.sessionToken;
});
afterAll(async () => {
  await tool?.close();
});

const pairDevice = () => pairDeviceAs(tool.url, teacherToken);

describe('roster from the LMS names-and-roles service', () => {
  it('lists the course teachers and coach for a coach', async () => {
    const roster = await api(tool.url, API.roster, { token: coachToken });
    expect(roster.status).toBe(200);
    const teachers = roster.body.members.filter((m: { role: string }) => m.role === 'teacher');
    // A page by user id; the page sorts by name.
    expect(teachers.map((m: { name: string }) => m.name).sort()).toEqual([
      'Alex Morgan',
      'Priya Shah',
      'Sam Okafor',
    ]);
  });

  it('is refused to a teacher', async () => {
    const roster = await api(tool.url, API.roster, { token: teacherToken });
    expect(roster.status).toBe(403);
    expect(roster.body.error.message).toMatch(/role/);
  });
});

describe('coach sets an action step; teacher and paired extension see it', () => {
  it('applies a pushed change once, however often it is pushed', async () => {
    await api(tool.url, API.roster, { token: coachToken });
    const change = aSetStepChange(TEACHER, { title: 'First step' });
    const first = await api(tool.url, API.syncPush, { token: coachToken, body: { changes: [change] } });
    const again = await api(tool.url, API.syncPush, { token: coachToken, body: { changes: [change] } });
    expect(first.body.results[0].status).toBe('applied');
    expect(again.body.results[0].status).toBe('duplicate');
    const mine = await api(tool.url, API.myStep, { token: teacherToken });
    expect(mine.body.step.title).toBe('First step');
  });

  it('archives the previous step when a new one is set: exactly one current step', async () => {
    const change = aSetStepChange(TEACHER, { title: 'Second step' });
    await api(tool.url, API.syncPush, { token: coachToken, body: { changes: [change] } });
    const pull = await api(tool.url, `${API.syncPull}?since=0`, { token: coachToken });
    const teacherSteps = pull.body.steps.filter((s: { teacherId: string }) => s.teacherId === TEACHER);
    expect(
      teacherSteps
        .filter((s: { status: string }) => s.status === 'current')
        .map((s: { title: string }) => s.title),
    ).toEqual(['Second step']);
    expect(
      teacherSteps.some(
        (s: { title: string; status: string }) => s.title === 'First step' && s.status === 'archived',
      ),
    ).toBe(true);
  });

  it('pulls only what changed since the cursor', async () => {
    const all = await api(tool.url, `${API.syncPull}?since=0`, { token: coachToken });
    const none = await api(tool.url, `${API.syncPull}?since=${all.body.cursor}`, { token: coachToken });
    expect(none.body.steps).toEqual([]);
    expect(none.body.cursor).toBe(all.body.cursor);
  });

  it("gives a paired extension the teacher's steps and nothing of other teachers", async () => {
    await api(tool.url, API.syncPush, {
      token: coachToken,
      body: { changes: [aSetStepChange('demo-teacher-shah', { title: 'Priya only' })] },
    });
    const deviceToken = await pairDevice();
    const pull = await api(tool.url, `${API.syncPull}?since=0`, { token: deviceToken });
    expect(pull.status).toBe(200);
    expect(pull.body.steps.every((s: { teacherId: string }) => s.teacherId === TEACHER)).toBe(true);
    expect(pull.body.steps.find((s: { status: string }) => s.status === 'current').title).toBe('Second step');
  });

  it('rejects a teacher or device trying to set a step, and changes nothing', async () => {
    const before = await api(tool.url, API.myStep, { token: teacherToken });
    const byTeacher = await api(tool.url, API.syncPush, {
      token: teacherToken,
      body: { changes: [aSetStepChange(TEACHER, { title: 'Self-set' })] },
    });
    expect(byTeacher.body.results[0].status).toBe('rejected');
    const after = await api(tool.url, API.myStep, { token: teacherToken });
    expect(after.body.step.id).toBe(before.body.step.id);
  });

  it('rejects a step for someone who is not a teacher in this course', async () => {
    const result = await api(tool.url, API.syncPush, {
      token: coachToken,
      body: { changes: [aSetStepChange('someone-from-another-course')] },
    });
    expect(result.body.results[0]).toMatchObject({
      status: 'rejected',
      message: expect.stringMatching(/not in this course/),
    });
  });
});

describe('a check-in from the teacher page', () => {
  it('names the action-step activity the page was launched for, as the page sends it', async () => {
    const page = (await launchAs(tool.url, TEACHER)).bootstrap!;
    await api(tool.url, API.syncPush, {
      token: coachToken,
      body: { changes: [aSetStepChange(TEACHER, { title: 'Checked-in step' })] },
    });
    const step = (await api(tool.url, API.myStep, { token: page.sessionToken })).body.step;
    const checkIn = await api(tool.url, PRACTICE_API.checkIns, {
      token: page.sessionToken,
      body: {
        id: testId(),
        actionStepId: step.id,
        linkKey: page.activity!.linkKey,
        outcome: 'went-well',
        note: '',
      },
    });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.checkIn).toMatchObject({ actionStepId: step.id, outcome: 'went-well' });
  });
});

describe('pairing codes', () => {
  it('are single-use, and a used one answers as an unknown one does', async () => {
    const code = await api(tool.url, API.pairingCodes, { method: 'POST', token: teacherToken });
    expect(code.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const first = await api(tool.url, API.pair, { body: { code: code.body.code } });
    const second = await api(tool.url, API.pair, { body: { code: code.body.code } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(404);
    expect(second.body.error.message).toMatch(/may have expired or been used/);
  });

  it('accept the code as people type it (lower case, dash)', async () => {
    const code = (await api(tool.url, API.pairingCodes, { method: 'POST', token: teacherToken })).body
      .code as string;
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    expect((await api(tool.url, API.pair, { body: { code: typed } })).status).toBe(201);
  });

  it('refuse a wrong code with a clear message', async () => {
    const wrong = await api(tool.url, API.pair, { body: { code: 'ZZZZ-ZZZZ' } });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.message).toMatch(/not valid/);
    const malformed = await api(tool.url, API.pair, { body: { code: '<script>' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/Pairing code/);
  });

  it('are only issued to teachers', async () => {
    const byCoach = await api(tool.url, API.pairingCodes, { method: 'POST', token: coachToken });
    expect(byCoach.status).toBe(403);
  });
});

describe('device tokens', () => {
  it('stop working once revoked', async () => {
    const deviceToken = await pairDevice();
    expect((await api(tool.url, `${API.syncPull}?since=0`, { token: deviceToken })).status).toBe(200);
    expect((await api(tool.url, API.currentDevice, { method: 'DELETE', token: deviceToken })).status).toBe(
      204,
    );
    const after = await api(tool.url, `${API.syncPull}?since=0`, { token: deviceToken });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/revoked/);
  });

  it('are refused when unknown or missing', async () => {
    expect(
      (await api(tool.url, `${API.syncPull}?since=0`, { token: 'dev_notarealtokenatallxxxxxxxx' })).status,
    ).toBe(401);
    expect((await api(tool.url, `${API.syncPull}?since=0`)).status).toBe(401);
  });
});

describe('bad input gets a clear 4xx and stores nothing', () => {
  it('refuses malformed JSON', async () => {
    const result = await api(tool.url, API.syncPush, { token: coachToken, rawBody: '{"changes": [' });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toMatch(/not valid JSON/);
  });

  it('refuses an oversized payload before parsing it', async () => {
    const huge = aSetStepChange(TEACHER, { why: 'x'.repeat(70 * 1024) });
    const result = await api(tool.url, API.syncPush, { token: coachToken, body: { changes: [huge] } });
    expect(result.status).toBe(413);
  });

  it('refuses an invalid step and names the field, applying none of the batch', async () => {
    const before = (await api(tool.url, `${API.syncPull}?since=0`, { token: coachToken })).body.cursor;
    const good = aSetStepChange(TEACHER);
    const bad = aSetStepChange(TEACHER, { successCriteria: [] });
    const result = await api(tool.url, API.syncPush, { token: coachToken, body: { changes: [good, bad] } });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toMatch(/changes\.1\.step\.successCriteria/);
    const after = (await api(tool.url, `${API.syncPull}?since=0`, { token: coachToken })).body.cursor;
    expect(after).toBe(before);
  });

  it('refuses a bad cursor', async () => {
    const result = await api(tool.url, `${API.syncPull}?since=abc`, { token: coachToken });
    expect(result.status).toBe(400);
  });

  it('answers unknown API paths with JSON 404', async () => {
    const result = await api(tool.url, '/api/nope', { token: coachToken });
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('not-found');
  });
});
