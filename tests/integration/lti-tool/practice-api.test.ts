import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { testId } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { aRound, aStarterModule, launchModule, moduleClaims } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MODULE = 'fixture-narrate';
const COURSE = 'practice-course';
const LINK = 'practice-link';
let tool: TestServer;
let moodle: FakePlatform;
let teacher: { token: string; linkKey: string };

const practiceOf = async (token: string, linkKey: string) =>
  api(tool.url, PRACTICE_API.practice(linkKey), { token });

beforeAll(async () => {
  tool = await startTestServer({ starterModules: [aStarterModule(MODULE)] });
  moodle = await FakePlatform.start('moodle', 'practice');
  await tool.registerPlatform(moodle.registration, [moodle.deploymentId]);
  const bootstrap = await launchModule(moodle, tool.url, {
    userId: 'learner-pat',
    name: 'Pat Trainee',
    course: COURSE,
    link: LINK,
    module: MODULE,
  });
  teacher = { token: bootstrap.sessionToken, linkKey: bootstrap.activity!.linkKey };
});
afterAll(async () => {
  await tool?.close();
  await moodle?.close();
});

describe('launching a module activity', () => {
  it('opens the practice page for a teacher, with the module in bootstrap and title', async () => {
    const outcome = await moodle.launch(tool.url, {
      userId: 'learner-pat',
      claims: moduleClaims({ userId: 'learner-pat', course: COURSE, link: LINK, module: MODULE }),
    });
    expect(outcome.status).toBe(200);
    expect(outcome.bootstrap?.page).toBe('practice');
    expect(outcome.bootstrap?.activity).toEqual({
      linkKey: teacher.linkKey,
      moduleId: MODULE,
      title: 'Narrate the positive',
    });
    expect(outcome.html).toContain('<title>Practice: Narrate the positive</title>');
  });

  it.each([
    ['instructor', 'coach', 'Coaching: Narrate the positive'],
    ['admin', 'provider', 'Coaching modules'],
  ] as const)('opens the %s the %s page', async (role, page, title) => {
    const outcome = await moodle.launch(tool.url, {
      userId: `${role}-1`,
      claims: moduleClaims({ userId: `${role}-1`, course: COURSE, link: LINK, module: MODULE, role }),
    });
    expect(outcome.bootstrap?.page).toBe(page);
    expect(outcome.bootstrap?.activity?.moduleId).toBe(MODULE);
    expect(outcome.html).toContain(`<title>${title}</title>`);
  });

  it('keeps the action-step activity as it was, with the link title as the activity title', async () => {
    const claims = moduleClaims({ userId: 'learner-pat', course: COURSE, link: 'steps-link' });
    const teacherPage = await moodle.launch(tool.url, { userId: 'learner-pat', claims });
    expect(teacherPage.bootstrap?.page).toBe('teacher');
    expect(teacherPage.bootstrap?.activity).toEqual({
      linkKey: expect.stringMatching(/^[0-9a-f]{40}$/),
      moduleId: null,
      title: 'Link steps-link',
    });
    const coachPage = await moodle.launch(tool.url, {
      userId: 'instructor-1',
      claims: moduleClaims({ userId: 'instructor-1', course: COURSE, link: 'steps-link' }),
    });
    expect(coachPage.bootstrap?.page).toBe('coach');
    expect(coachPage.html).toContain('<title>Coaching: set action steps</title>');
  });

  it('explains a module that no longer exists, and opens no session', async () => {
    const outcome = await moodle.launch(tool.url, {
      userId: 'learner-pat',
      claims: moduleClaims({
        userId: 'learner-pat',
        course: COURSE,
        link: 'gone-link',
        module: 'no-such-module',
      }),
    });
    expect(outcome.status).toBe(200);
    expect(outcome.bootstrap).toBeNull();
    expect(outcome.html).toContain('This activity&#39;s module is no longer available');
  });
});

describe('submitting rounds', () => {
  it('stores a round once however often it is sent, numbering rounds 1, 2', async () => {
    const first = aRound(teacher.linkKey);
    const created = await api(tool.url, PRACTICE_API.rounds, { token: teacher.token, body: first });
    expect(created.status).toBe(201);
    expect(created.body.round).toMatchObject({
      id: first.id,
      moduleId: MODULE,
      traineeId: 'learner-pat',
      roundNumber: 1,
      script: first.rehearsal.script,
      selfAssessment: first.selfAssessment,
      feedback: null,
    });
    const again = await api(tool.url, PRACTICE_API.rounds, { token: teacher.token, body: first });
    expect(again.status).toBe(200);
    expect(again.body.round).toEqual(created.body.round);

    const second = await api(tool.url, PRACTICE_API.rounds, {
      token: teacher.token,
      body: aRound(teacher.linkKey),
    });
    expect(second.body.round.roundNumber).toBe(2);
    const practice = await practiceOf(teacher.token, teacher.linkKey);
    expect(practice.status).toBe(200);
    expect(practice.body.module.id).toBe(MODULE);
    expect(
      practice.body.rounds.map((round: { id: string; roundNumber: number }) => round.roundNumber),
    ).toEqual([2, 1]);
    expect(practice.body.rounds[1].id).toBe(first.id);
  });

  it('takes concurrent submissions in turn: one round per id, numbers without gaps or repeats', async () => {
    const trainee = await launchModule(moodle, tool.url, {
      userId: 'learner-quick',
      course: COURSE,
      link: LINK,
      module: MODULE,
    });
    const send = (round: ReturnType<typeof aRound>) =>
      api(tool.url, PRACTICE_API.rounds, { token: trainee.sessionToken, body: round });
    const same = aRound(teacher.linkKey);
    const repeats = await Promise.all([send(same), send(same), send(same)]);
    expect(repeats.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    const others = await Promise.all(Array.from({ length: 4 }, () => send(aRound(teacher.linkKey))));
    expect(others.every((answer) => answer.status === 201)).toBe(true);
    expect(others.map((answer) => answer.body.round.roundNumber).sort()).toEqual([2, 3, 4, 5]);
  });

  it('refuses a self-assessment that does not judge each criterion, and stores nothing', async () => {
    const before = (await practiceOf(teacher.token, teacher.linkKey)).body.rounds.length;
    const short = aRound(teacher.linkKey, { selfAssessment: ['secure', 'secure'] });
    const refused = await api(tool.url, PRACTICE_API.rounds, { token: teacher.token, body: short });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/each of the 3 success criteria/);
    expect((await practiceOf(teacher.token, teacher.linkKey)).body.rounds).toHaveLength(before);
    // Schema-level problems are 400 too, naming the field.
    const empty = await api(tool.url, PRACTICE_API.rounds, {
      token: teacher.token,
      body: { ...aRound(teacher.linkKey), rehearsal: { script: '', audioId: null } },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/Write a script or record yourself/);
  });

  it('refuses a coach submitting, and a link of another course', async () => {
    const coach = await launchModule(moodle, tool.url, {
      userId: 'instructor-1',
      course: COURSE,
      link: LINK,
      module: MODULE,
    });
    const byCoach = await api(tool.url, PRACTICE_API.rounds, {
      token: coach.sessionToken,
      body: aRound(teacher.linkKey),
    });
    expect(byCoach.status).toBe(403);
    const elsewhere = await launchModule(moodle, tool.url, {
      userId: 'learner-pat',
      course: 'other-course',
      link: 'other-link',
      module: MODULE,
    });
    const wrongCourse = await api(tool.url, PRACTICE_API.rounds, {
      token: elsewhere.sessionToken,
      body: aRound(teacher.linkKey),
    });
    expect(wrongCourse.status).toBe(404);
    expect((await practiceOf(elsewhere.sessionToken, teacher.linkKey)).status).toBe(404);
  });
});

describe('drafts', () => {
  it('keeps the newer draft, whichever order saves arrive in', async () => {
    const path = PRACTICE_API.draft(teacher.linkKey);
    expect((await api(tool.url, path, { token: teacher.token })).body).toEqual({ draft: null });
    const content = { roundId: testId(), script: 'newer', selfAssessment: ['secure', null, null] };
    const newer = { content, savedAt: '2026-11-22T10:05:00.000Z' };
    const older = { content: { ...content, script: 'older' }, savedAt: '2026-11-22T10:00:00.000Z' };
    const saved = await api(tool.url, path, { method: 'PUT', token: teacher.token, body: newer });
    expect(saved.status).toBe(200);
    expect(saved.body.draft).toEqual(newer);
    const stale = await api(tool.url, path, { method: 'PUT', token: teacher.token, body: older });
    expect(stale.body.draft).toEqual(newer);
    expect((await api(tool.url, path, { token: teacher.token })).body.draft.content.script).toBe('newer');
    const newest = { content: { ...content, script: 'newest' }, savedAt: '2026-11-22T10:06:00.000Z' };
    expect(
      (await api(tool.url, path, { method: 'PUT', token: teacher.token, body: newest })).body.draft,
    ).toEqual(newest);
    expect((await api(tool.url, path, { method: 'DELETE', token: teacher.token })).body).toEqual({
      draft: null,
    });
    expect((await api(tool.url, path, { token: teacher.token })).body).toEqual({ draft: null });
  });

  it('is done with once its round is submitted', async () => {
    const path = PRACTICE_API.draft(teacher.linkKey);
    const round = aRound(teacher.linkKey);
    await api(tool.url, path, {
      method: 'PUT',
      token: teacher.token,
      body: {
        content: { roundId: round.id, script: round.rehearsal.script, selfAssessment: round.selfAssessment },
        savedAt: new Date().toISOString(),
      },
    });
    expect((await api(tool.url, PRACTICE_API.rounds, { token: teacher.token, body: round })).status).toBe(
      201,
    );
    expect((await api(tool.url, path, { token: teacher.token })).body).toEqual({ draft: null });
  });

  it('refuses a bad draft and someone else', async () => {
    const path = PRACTICE_API.draft(teacher.linkKey);
    const bad = await api(tool.url, path, {
      method: 'PUT',
      token: teacher.token,
      body: { content: { roundId: 'x', script: '', selfAssessment: [] }, savedAt: 'yesterday' },
    });
    expect(bad.status).toBe(400);
    const coach = await launchModule(moodle, tool.url, {
      userId: 'instructor-1',
      course: COURSE,
      link: LINK,
      module: MODULE,
    });
    expect((await api(tool.url, path, { token: coach.sessionToken })).status).toBe(403);
  });
});

describe('check-ins and reflections', () => {
  it('stores a check-in once, and shows it on the practice page', async () => {
    const checkIn = {
      id: testId(),
      linkKey: teacher.linkKey,
      outcome: 'partly',
      note: 'Two names, then lost it',
    };
    const first = await api(tool.url, PRACTICE_API.checkIns, { token: teacher.token, body: checkIn });
    expect(first.status).toBe(201);
    expect(first.body.checkIn).toMatchObject({
      id: checkIn.id,
      outcome: 'partly',
      note: checkIn.note,
      actionStepId: null,
    });
    const again = await api(tool.url, PRACTICE_API.checkIns, { token: teacher.token, body: checkIn });
    expect(again.status).toBe(200);
    expect(again.body.checkIn).toEqual(first.body.checkIn);
    const practice = await practiceOf(teacher.token, teacher.linkKey);
    expect(practice.body.checkIns.filter((c: { id: string }) => c.id === checkIn.id)).toHaveLength(1);
  });

  it('stores a reflection once, and refuses an empty one', async () => {
    const reflection = {
      id: testId(),
      linkKey: teacher.linkKey,
      wentWell: 'Calm tone',
      change: '',
      next: 'Scan first',
    };
    const first = await api(tool.url, PRACTICE_API.reflections, { token: teacher.token, body: reflection });
    expect(first.status).toBe(201);
    const again = await api(tool.url, PRACTICE_API.reflections, { token: teacher.token, body: reflection });
    expect(again.status).toBe(200);
    expect(again.body.reflection).toEqual(first.body.reflection);
    const empty = await api(tool.url, PRACTICE_API.reflections, {
      token: teacher.token,
      body: { id: testId(), wentWell: '', change: ' ', next: '' },
    });
    expect(empty.status).toBe(400);
    const practice = await practiceOf(teacher.token, teacher.linkKey);
    expect(practice.body.reflections.map((r: { id: string }) => r.id)).toEqual([reflection.id]);
  });
});
