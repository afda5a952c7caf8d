import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY, scopeFor, type Action } from '../../../lti-tool/core/policy.ts';
import { REMINDERS_API } from '../../../shared/protocol/reminders-api.ts';
import { API } from '../../../shared/protocol/api.ts';
import { CYCLE_API } from '../../../shared/protocol/cycle-api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { PROGRAMME_API } from '../../../shared/protocol/programme-api.ts';
import { PRIVACY_API } from '../../../shared/protocol/privacy-api.ts';
import { SHARING_API } from '../../../shared/protocol/sharing-api.ts';
import { api } from '../../harness/api-client.ts';
import { aSetStepChange, testId } from '../../harness/builders.ts';
import { launchInCourse, pairDevice as pairDeviceAs, twoCanvasSchools } from '../../harness/courses.ts';
import { ROLES, type FakePlatform } from '../../harness/fake-platform.ts';
import { putMedia } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
const tokens: Record<string, string> = {};

const launch = (platform: FakePlatform, course: string, userId: string) =>
  launchInCourse(tool.url, platform, course, userId);

async function setStep(coach: string, teacherId: string, title: string) {
  const result = await api(tool.url, API.syncPush, {
    token: tokens[coach],
    body: { changes: [aSetStepChange(teacherId, { title })] },
  });
  return result.body.results[0].status as string;
}

async function pullTitles(who: string): Promise<string[]> {
  const pull = await api(tool.url, `${API.syncPull}?since=0`, { token: tokens[who] });
  return pull.body.steps.map((s: { title: string }) => s.title).sort();
}

const pairDevice = (teacher: string) => pairDeviceAs(tool.url, tokens[teacher]!);

beforeAll(async () => {
  tool = await startTestServer();
  ({ school, otherSchool } = await twoCanvasSchools(tool));
  // Course A and course B at one school; the same user ids at another school (shared Canvas issuer).
  tokens.coachA = await launch(school, 'course-A', 'instructor-a');
  tokens.teacherA1 = await launch(school, 'course-A', 'learner-a1');
  tokens.teacherA2 = await launch(school, 'course-A', 'learner-a2');
  tokens.coachB = await launch(school, 'course-B', 'instructor-b');
  tokens.teacherB1 = await launch(school, 'course-B', 'learner-b1');
  tokens.otherCoachA = await launch(otherSchool, 'course-A', 'instructor-a');
  tokens.otherTeacherA1 = await launch(otherSchool, 'course-A', 'learner-a1');
  expect(await setStep('coachA', 'learner-a1', 'A1 step')).toBe('applied');
  expect(await setStep('coachB', 'learner-b1', 'B1 step')).toBe('applied');
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
  await otherSchool?.close();
});

describe('authorization matrix: tenant, course and role are checked on every API', () => {
  it.each([
    ['coachA', 'learner-b1', 'a coach, for a teacher of another course'],
    ['coachB', 'learner-a1', 'a coach, for a teacher of another course'],
    ['otherCoachA', 'learner-a2', 'a coach at another school, for an id known only at the first school'],
    ['teacherA1', 'learner-a1', 'a teacher, for themself'],
    ['teacherA2', 'learner-a1', 'a teacher, for a peer'],
  ])('%s may not set a step for %s (%s)', async (who, teacherId) => {
    expect(await setStep(who, teacherId, 'intruding step')).toBe('rejected');
  });

  it.each([
    ['coachA', ['A1 step']],
    ['coachB', ['B1 step']],
    ['teacherA1', ['A1 step']],
    ['teacherA2', []],
    ['teacherB1', ['B1 step']],
    ['otherCoachA', []],
    ['otherTeacherA1', []],
  ])('%s pulls exactly %j', async (who, titles) => {
    expect(await pullTitles(who)).toEqual(titles);
  });

  it('a teacher sees only their own current step', async () => {
    expect((await api(tool.url, API.myStep, { token: tokens.teacherA1 })).body.step.title).toBe('A1 step');
    expect((await api(tool.url, API.myStep, { token: tokens.teacherA2 })).body.step).toBeNull();
    expect((await api(tool.url, API.myStep, { token: tokens.otherTeacherA1 })).body.step).toBeNull();
  });

  it('only coaches read the roster, and only their own course', async () => {
    for (const teacher of ['teacherA1', 'teacherB1']) {
      expect((await api(tool.url, API.roster, { token: tokens[teacher] })).status).toBe(403);
    }
    const rosterA = (await api(tool.url, API.roster, { token: tokens.coachA })).body.members.map(
      (m: { userId: string }) => m.userId,
    );
    expect(rosterA.sort()).toEqual(['instructor-a', 'learner-a1', 'learner-a2']);
    const otherRoster = (await api(tool.url, API.roster, { token: tokens.otherCoachA })).body.members.map(
      (m: { userId: string }) => m.userId,
    );
    expect(otherRoster.sort()).toEqual(['instructor-a', 'learner-a1']);
  });

  it('only teachers get pairing codes; a paired device sees only its teacher, at its school', async () => {
    expect((await api(tool.url, API.pairingCodes, { method: 'POST', token: tokens.coachA })).status).toBe(
      403,
    );
    const deviceA1 = await pairDevice('teacherA1');
    const deviceOtherA1 = await pairDevice('otherTeacherA1');
    tokens.deviceA1 = deviceA1;
    tokens.deviceOtherA1 = deviceOtherA1;
    expect(await pullTitles('deviceA1')).toEqual(['A1 step']);
    expect(await pullTitles('deviceOtherA1')).toEqual([]);
    expect((await api(tool.url, API.roster, { token: deviceA1 })).status).toBe(403);
    expect((await api(tool.url, API.myStep, { token: deviceA1 })).status).toBe(403);
  });

  it('a device can revoke only itself, and cannot push', async () => {
    expect((await api(tool.url, API.currentDevice, { method: 'DELETE', token: tokens.coachA })).status).toBe(
      403,
    );
    const push = await api(tool.url, API.syncPush, {
      token: tokens.deviceA1,
      body: { changes: [aSetStepChange('learner-a1', { title: 'from device' })] },
    });
    expect(push.body.results[0].status).toBe('rejected');
  });
});

type Caller = 'coach' | 'teacher' | 'provider-admin' | 'device';
const CALLERS: Caller[] = ['coach', 'teacher', 'provider-admin', 'device'];
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** A fresh caller in course-A, so no check's side effect (a refresh, a revoke) reaches another. */
async function freshCaller(who: Caller): Promise<{ token: string; userId: string; linkKey: string }> {
  const userId = `${who}-${testId()}`;
  const role = {
    coach: ROLES.instructor,
    teacher: ROLES.learner,
    'provider-admin': ROLES.admin,
    device: ROLES.learner,
  };
  const outcome = await school.launch(tool.url, {
    userId,
    claims: (claims) => ({
      ...claims,
      [`${LTI}roles`]: [role[who]],
      [`${LTI}context`]: { id: 'course-A', title: 'course-A' },
      [`${LTI}resource_link`]: { id: 'course-A-link' },
    }),
  });
  expect(outcome.status).toBe(200);
  const page = outcome.bootstrap!;
  const token = who === 'device' ? await pairDeviceAs(tool.url, page.sessionToken) : page.sessionToken;
  return { token, userId, linkKey: page.activity!.linkKey };
}

/**
 * One request per action in the policy table. Bodies are deliberately empty or wrong: a caller
 * who may not gets 403 before anything is read; one who may gets past the check (400, 404, 200…).
 */
const REQUESTS: Record<
  Action,
  (caller: { token: string; userId: string; linkKey: string }) => Promise<number>
> = {
  'steps.set': async ({ token }) => {
    const push = await api(tool.url, API.syncPush, {
      token,
      body: { changes: [aSetStepChange('learner-a1', { title: 'matrix step' })] },
    });
    // A batch answers per change: a refusal of the caller reads as 403 here.
    return push.body.results?.[0]?.message === 'Only a coach can set an action step.' ? 403 : push.status;
  },
  'steps.read': async ({ token }) => (await api(tool.url, `${API.syncPull}?since=0`, { token })).status,
  'steps.readOwn': async ({ token }) => (await api(tool.url, API.myStep, { token })).status,
  'roster.read': async ({ token }) => (await api(tool.url, API.roster, { token })).status,
  'grades.readFailed': async ({ token }) => (await api(tool.url, API.failedGrades, { token })).status,
  'devices.pair': async ({ token }) =>
    (await api(tool.url, API.pairingCodes, { method: 'POST', token })).status,
  'devices.manage': async ({ token }) => (await api(tool.url, API.devices, { token })).status,
  'devices.revokeSelf': async ({ token }) =>
    (await api(tool.url, API.currentDevice, { method: 'DELETE', token })).status,
  'session.refresh': async ({ token }) =>
    (await api(tool.url, API.sessionRefresh, { method: 'POST', token })).status,
  'modules.read': async ({ token }) => (await api(tool.url, PRACTICE_API.modules, { token })).status,
  'modules.author': async ({ token }) =>
    (await api(tool.url, PRACTICE_API.modules, { token, body: {} })).status,
  'modules.activity': async ({ token }) =>
    (await api(tool.url, PRACTICE_API.providerActivity, { token })).status,
  'practice.own': async ({ token, linkKey }) =>
    (await api(tool.url, PRACTICE_API.practice(linkKey), { token })).status,
  'practice.review': async ({ token }) => (await api(tool.url, PRACTICE_API.reviewQueue, { token })).status,
  'history.read': async ({ token, userId }) =>
    (await api(tool.url, `/api/trainees/${encodeURIComponent(userId)}/history`, { token })).status,
  'checkIns.write': async ({ token }) =>
    (await api(tool.url, PRACTICE_API.checkIns, { token, body: {} })).status,
  'journal.own': async ({ token }) =>
    (await api(tool.url, PRACTICE_API.reflections, { token, body: {} })).status,
  'media.upload': async ({ token }) =>
    (await putMedia(tool.url, token, testId(), Buffer.from('not audio'), 'text/plain')).status,
  'media.read': async ({ token }) =>
    (await api(tool.url, PRACTICE_API.mediaItem(testId()), { token })).status,
  'feedback.readOwn': async ({ token }) => (await api(tool.url, API.extensionFeedback, { token })).status,
  'reminders.manage': async ({ token }) => (await api(tool.url, REMINDERS_API.settings, { token })).status,
  'cycle.coach': async ({ token }) => (await api(tool.url, CYCLE_API.caseload, { token })).status,
  'cycle.readOwn': async ({ token }) => (await api(tool.url, CYCLE_API.myConversations, { token })).status,
  // A ZIP, not JSON: the status alone.
  'data.exportOwn': async ({ token }) =>
    (await fetch(`${tool.url}${PRIVACY_API.myData}`, { headers: { authorization: `Bearer ${token}` } }))
      .status,
  // A bad period: an admitted caller gets past the policy to the validation (400; a non-leader's
  // 403 comes later, from the programme service, tested in programme-view.test.ts).
  'programme.read': async ({ token }) =>
    (await api(tool.url, `${PROGRAMME_API.view}?months=0`, { token })).status,
  'programme.manage': async ({ token }) => (await api(tool.url, PROGRAMME_API.schools, { token })).status,
  // CSV, not JSON: the status alone.
  'programme.export': async ({ token }) =>
    (await fetch(`${tool.url}${PROGRAMME_API.engagement}`, { headers: { authorization: `Bearer ${token}` } }))
      .status,
  'data.requestErasure': async ({ token }) =>
    (await api(tool.url, PRIVACY_API.erasureRequests, { token, body: {} })).status,
  // An empty body: an admitted teacher gets past the policy to the validation (400).
  'shares.own': async ({ token }) => (await api(tool.url, SHARING_API.shares, { token, body: {} })).status,
  'shares.receive': async ({ token }) => (await api(tool.url, SHARING_API.sharedWithMe, { token })).status,
};

const mayDo = (action: Action, who: Caller) => {
  const rule: { roles: readonly string[]; device: boolean } = POLICY[action];
  return who === 'device' ? rule.device : rule.roles.includes(who);
};

describe('the policy table, endpoint by endpoint', () => {
  const cases = (Object.keys(POLICY) as Action[]).flatMap((action) =>
    CALLERS.map((who) => [action, who, mayDo(action, who) ? 'may' : 'may not'] as const),
  );

  it.each(cases)('%s: a %s %s', async (action, who, verdict) => {
    const status = await REQUESTS[action](await freshCaller(who));
    if (verdict === 'may') expect(status).not.toBe(403);
    else expect(status).toBe(403);
  });

  it('narrows every caller it admits to a scope', () => {
    for (const action of Object.keys(POLICY) as Action[]) {
      for (const who of CALLERS) {
        if (mayDo(action, who)) expect(scopeFor(action, who), `${action}: a ${who}`).not.toBeNull();
      }
    }
  });

  it("keeps provider admins to counts: no steps, roster names or learners' ids", () => {
    for (const action of [
      'steps.set',
      'steps.read',
      'roster.read',
      'grades.readFailed',
      'history.read',
      'cycle.coach',
      'cycle.readOwn',
      'data.exportOwn',
    ] as const) {
      expect(mayDo(action, 'provider-admin'), action).toBe(false);
    }
    expect(mayDo('modules.activity', 'provider-admin')).toBe(true);
  });
});
