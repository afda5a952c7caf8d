import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, CoachFeedbackResponseSchema, MAX_RECENT_FEEDBACK } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import * as v from 'valibot';
import { api } from '../../harness/api-client.ts';
import { pairDevice as pairDeviceAs } from '../../harness/courses.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import {
  aFeedback,
  aRound,
  aStarterModule,
  launchModule,
  type ModuleLaunch,
} from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MODULE = 'fixture-narrate';
const OTHER_MODULE = 'fixture-other';
let clock = new Date('2026-11-22T09:00:00.000Z');
const tick = () => (clock = new Date(clock.getTime() + 1000));

let tool: TestServer;
let school: FakePlatform;
const tokens: Record<string, string> = {};
const links = { a: '', b: '' };

async function launch(who: string, launch: ModuleLaunch): Promise<string> {
  const bootstrap = await launchModule(school, tool.url, launch);
  tokens[who] = bootstrap.sessionToken;
  return bootstrap.activity!.linkKey;
}

const pairDevice = (teacher: string) => pairDeviceAs(tool.url, tokens[teacher]!);

/** The teacher submits a round; the coach reviews it. Returns the round id. */
async function reviewedRound(
  teacher: string,
  coach: string,
  linkKey: string,
  criteria = aFeedback().criteria,
) {
  tick();
  const submitted = await api(tool.url, PRACTICE_API.rounds, {
    token: tokens[teacher],
    body: aRound(linkKey, { selfAssessment: criteria }),
  });
  expect(submitted.status).toBe(201);
  tick();
  const given = await api(tool.url, PRACTICE_API.roundFeedback(submitted.body.round.id), {
    token: tokens[coach],
    body: { ...aFeedback(criteria), praise: `Praise for ${submitted.body.round.id}` },
  });
  expect(given.status).toBe(201);
  return submitted.body.round.id as string;
}

const feedbackFor = (token: string | undefined) => api(tool.url, API.extensionFeedback, { token });

beforeAll(async () => {
  tool = await startTestServer({
    now: () => clock,
    starterModules: [
      aStarterModule(MODULE),
      aStarterModule(OTHER_MODULE, {
        title: 'Cold call',
        actionStep: { ...aStarterModule(MODULE).actionStep, successCriteria: ['Pause', 'Name'] },
      }),
    ],
  });
  school = await FakePlatform.start('moodle', 'feedback-school');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  const inA = { course: 'course-a', link: 'link-a', module: MODULE };
  const inB = { course: 'course-b', link: 'link-b', module: OTHER_MODULE };
  links.a = await launch('ann', { userId: 'learner-ann', name: 'Ann', ...inA });
  await launch('ben', { userId: 'learner-ben', name: 'Ben', ...inA });
  await launch('coachA', { userId: 'instructor-a', role: 'instructor', ...inA });
  links.b = await launch('annB', { userId: 'learner-ann', name: 'Ann', ...inB });
  await launch('coachB', { userId: 'instructor-b', role: 'instructor', ...inB });
  tokens.annDevice = await pairDevice('ann');
  tokens.benDevice = await pairDevice('ben');
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
});

describe('GET /api/extension/feedback', () => {
  it('gives a paired device its teacher’s feedback across courses, newest first, at most 5, not cached', async () => {
    expect((await feedbackFor(tokens.annDevice)).body).toEqual({ feedback: [] });
    // An unreviewed round is not feedback.
    tick();
    expect(
      (await api(tool.url, PRACTICE_API.rounds, { token: tokens.ann, body: aRound(links.a) })).status,
    ).toBe(201);
    const first = await reviewedRound('ann', 'coachA', links.a, ['secure', 'not-yet', 'secure']);
    const inB = await reviewedRound('annB', 'coachB', links.b, ['not-yet', 'secure']);

    const response = await fetch(`${tool.url}${API.extensionFeedback}`, {
      headers: { authorization: `Bearer ${tokens.annDevice}`, accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const body = v.parse(CoachFeedbackResponseSchema, await response.json());
    expect(body.feedback).toEqual([
      {
        roundId: inB,
        moduleTitle: 'Cold call',
        roundNumber: 1,
        praise: `Praise for ${inB}`,
        probe: aFeedback().probe,
        nextStep: aFeedback().nextStep,
        criteria: ['not-yet', 'secure'],
        successCriteria: ['Pause', 'Name'],
        givenAt: expect.any(String),
      },
      expect.objectContaining({
        roundId: first,
        moduleTitle: 'Narrate the positive',
        roundNumber: 2,
        criteria: ['secure', 'not-yet', 'secure'],
        successCriteria: aStarterModule(MODULE).actionStep.successCriteria,
      }),
    ]);

    const more: string[] = [];
    for (let i = 0; i < MAX_RECENT_FEEDBACK; i += 1) more.push(await reviewedRound('ann', 'coachA', links.a));
    const latest = await feedbackFor(tokens.annDevice);
    expect(latest.body.feedback.map((item: { roundId: string }) => item.roundId)).toEqual(more.reverse());
  });

  it('shows another teacher’s device none of it', async () => {
    const response = await feedbackFor(tokens.benDevice);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ feedback: [] });
  });

  it('refuses a page session (403) and a revoked device (401)', async () => {
    expect((await feedbackFor(tokens.ann)).status).toBe(403);
    expect((await feedbackFor(tokens.coachA)).status).toBe(403);
    expect((await api(tool.url, API.extensionFeedback)).status).toBe(401);
    const revoked = await pairDevice('ann');
    expect((await feedbackFor(revoked)).status).toBe(200);
    expect((await api(tool.url, API.currentDevice, { method: 'DELETE', token: revoked })).status).toBe(204);
    expect((await feedbackFor(revoked)).status).toBe(401);
  });
});
