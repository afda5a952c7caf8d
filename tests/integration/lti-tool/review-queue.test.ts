import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreForReview } from '../../../shared/domain/coaching/module.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { FakeGradebook } from '../../harness/fake-gradebook.ts';
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
const COURSE = 'course-a';
let clock = new Date('2026-11-22T09:00:00.000Z');
const tick = (seconds = 1) => (clock = new Date(clock.getTime() + seconds * 1000));

let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
let gradebook: FakeGradebook;
const tokens: Record<string, string> = {};
let linkKey = '';

async function launch(platform: FakePlatform, who: string, launch: Omit<ModuleLaunch, 'module'>) {
  const bootstrap = await launchModule(platform, tool.url, { ...launch, module: MODULE });
  tokens[who] = bootstrap.sessionToken;
  return bootstrap;
}

async function submit(who: string, round = aRound(linkKey)) {
  tick();
  const response = await api(tool.url, PRACTICE_API.rounds, { token: tokens[who], body: round });
  expect(response.status).toBe(201);
  return response.body.round as { id: string; roundNumber: number; submittedAt: string };
}

const queue = (who: string, query = '') =>
  api(tool.url, `${PRACTICE_API.reviewQueue}${query}`, { token: tokens[who] });
const feedback = (who: string, roundId: string, body = aFeedback()) =>
  api(tool.url, PRACTICE_API.roundFeedback(roundId), { token: tokens[who], body });

beforeAll(async () => {
  tool = await startTestServer({ now: () => clock, starterModules: [aStarterModule(MODULE)] });
  school = await FakePlatform.start('moodle', 'review-school');
  otherSchool = await FakePlatform.start('moodle', 'review-other');
  gradebook = await FakeGradebook.start({
    mode: 'moodle',
    clientId: school.clientId,
    toolKeysUrl: `${tool.url}/lti/keys`,
    users: ['learner-ann', 'learner-ben'],
  });
  await tool.registerPlatform({ ...school.registration, tokenUrl: gradebook.tokenUrl }, [
    school.deploymentId,
  ]);
  await tool.registerPlatform(otherSchool.registration, [otherSchool.deploymentId]);
  const inCourseA = { course: COURSE, link: 'link-a', lineItemsUrl: gradebook.lineItemsUrl };
  linkKey = (await launch(school, 'ann', { userId: 'learner-ann', name: 'Ann Ahmed', ...inCourseA }))
    .activity!.linkKey;
  await launch(school, 'ben', { userId: 'learner-ben', name: 'Ben Brook', ...inCourseA });
  await launch(school, 'coachA', { userId: 'instructor-a', name: 'Cat Coach', ...inCourseA });
  await launch(school, 'providerA', { userId: 'admin-a', role: 'admin', ...inCourseA });
  await launch(school, 'coachB', { userId: 'instructor-b', course: 'course-b', link: 'link-b' });
  // Another institution, with the same course, link and user ids.
  await launch(otherSchool, 'otherCoach', { userId: 'instructor-a', course: COURSE, link: 'link-a' });
});
afterAll(async () => {
  await tool?.close();
  for (const thing of [school, otherSchool, gradebook]) await thing?.close();
});

describe('a submitted round reaches the LMS gradebook once', () => {
  it('sends one Submitted score on a gradebook column named after the module', async () => {
    const round = aRound(linkKey);
    await submit('ann', round);
    const repeat = await api(tool.url, PRACTICE_API.rounds, { token: tokens.ann, body: round });
    expect(repeat.status).toBe(200);
    await tool.grades.processDue();
    await tool.grades.processDue();
    expect(gradebook.scores).toEqual([
      expect.objectContaining({
        userId: 'learner-ann',
        activityProgress: 'Submitted',
        gradingProgress: 'PendingManual',
        scoreGiven: null,
        scoreMaximum: 100,
      }),
    ]);
    expect(gradebook.lineItems).toEqual([
      expect.objectContaining({
        label: 'Narrate the positive',
        resourceId: `module:${MODULE}`,
        scoreMaximum: 100,
      }),
    ]);
  });
});

describe('the review queue', () => {
  it("lists the course's unreviewed rounds oldest first, page by page, with names and criteria", async () => {
    const submitted = [await submit('ben'), await submit('ann'), await submit('ben'), await submit('ann')];
    const all = (await queue('coachA', '?limit=100')).body;
    const expected = all.items.map((item: { roundId: string }) => item.roundId);
    expect(expected.slice(-4)).toEqual(submitted.map((round) => round.id));
    expect(all.total).toBe(expected.length);
    expect(all.next).toBeNull();

    const seen: string[] = [];
    let query = '?limit=2';
    for (let page = 0; page < 10; page += 1) {
      const response = await queue('coachA', query);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      expect(response.body.total).toBe(expected.length);
      seen.push(...response.body.items.map((item: { roundId: string }) => item.roundId));
      if (!response.body.next) break;
      query = `?limit=2&after=${encodeURIComponent(response.body.next)}`;
    }
    expect(seen).toEqual(expected);
    expect(all.items.at(-1)).toEqual({
      roundId: submitted[3]!.id,
      traineeId: 'learner-ann',
      traineeName: 'Ann Ahmed',
      moduleId: MODULE,
      moduleTitle: 'Narrate the positive',
      successCriteria: ['Names two pupils', 'Describes the behaviour, not the pupil', 'Calm, warm tone'],
      roundNumber: submitted[3]!.roundNumber,
      script: 'Row 2, thank you for eyes this way.',
      audioId: null,
      selfAssessment: ['secure', 'not-yet', 'secure'],
      submittedAt: submitted[3]!.submittedAt,
    });
  });

  it('refuses a bad page position or size', async () => {
    expect((await queue('coachA', '?after=nonsense')).status).toBe(400);
    expect((await queue('coachA', '?limit=101')).status).toBe(400);
  });

  it('shows nothing of course A to the coach of course B or of another institution', async () => {
    for (const who of ['coachB', 'otherCoach']) {
      const response = await queue(who);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], total: 0, next: null });
    }
  });

  it('is for coaches only', async () => {
    expect((await queue('ann')).status).toBe(403);
    expect((await queue('providerA')).status).toBe(403);
  });
});

describe('feedback', () => {
  it('records feedback, takes the round off the queue and sends the FullyGraded score', async () => {
    const round = await submit('ben');
    const before = (await queue('coachA', '?limit=100')).body.total;
    const given = aFeedback(['secure', 'secure', 'not-yet']);
    const response = await feedback('coachA', round.id, given);
    expect(response.status).toBe(201);
    expect(response.body.round.feedback).toEqual({
      ...given,
      coachName: 'Cat Coach',
      givenAt: clock.toISOString(),
    });
    const after = (await queue('coachA', '?limit=100')).body;
    expect(after.total).toBe(before - 1);
    expect(after.items.some((item: { roundId: string }) => item.roundId === round.id)).toBe(false);

    gradebook.scores.length = 0;
    tick(2);
    await tool.grades.processDue();
    expect(gradebook.scores.filter((score) => score.gradingProgress === 'FullyGraded')).toEqual([
      expect.objectContaining({
        userId: 'learner-ben',
        scoreGiven: scoreForReview('criteria', given.criteria),
        scoreMaximum: 100,
        activityProgress: 'Completed',
      }),
    ]);
    expect(scoreForReview('criteria', given.criteria)).toBe(67);
  });

  it('refuses a second feedback on the same round (409) and keeps the first', async () => {
    const round = await submit('ann');
    expect((await feedback('coachA', round.id)).status).toBe(201);
    const second = await feedback('coachA', round.id, {
      ...aFeedback(['not-yet', 'not-yet', 'not-yet']),
      praise: 'Later',
    });
    expect(second.status).toBe(409);
    const mine = await api(tool.url, PRACTICE_API.practice(linkKey), { token: tokens.ann });
    const stored = mine.body.rounds.find((r: { id: string }) => r.id === round.id);
    expect(stored.feedback).toMatchObject(aFeedback());
  });

  it('answers 404 to a coach of another course or institution, and changes nothing', async () => {
    const round = await submit('ann');
    for (const who of ['coachB', 'otherCoach']) {
      const response = await feedback(who, round.id);
      expect(response.status).toBe(404);
    }
    const unknown = await feedback('coachA', 'no-such-round-id');
    expect(unknown.status).toBe(404);
    const waiting = (await queue('coachA', '?limit=100')).body.items.map(
      (item: { roundId: string }) => item.roundId,
    );
    expect(waiting).toContain(round.id);
  });

  it('is refused to a teacher and a provider (403), and must judge each criterion (400)', async () => {
    const round = await submit('ann');
    expect((await feedback('ann', round.id)).status).toBe(403);
    expect((await feedback('providerA', round.id)).status).toBe(403);
    const short = await feedback('coachA', round.id, aFeedback(['secure']));
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/each of the 3 success criteria/);
    const waiting = (await queue('coachA', '?limit=100')).body.items.map(
      (item: { roundId: string }) => item.roundId,
    );
    expect(waiting).toContain(round.id);
    expect((await feedback('coachA', round.id)).status).toBe(201);
  });

  it('refuses hollow feedback, a template gap left in any text, and keeps the round waiting', async () => {
    const round = await submit('ben');
    for (const [field, gap] of [
      ['praise', '[what you saw]'],
      ['probe', '[what you saw]'],
      ['nextStep', '[what to do differently]'],
    ] as const) {
      const hollow = await feedback('coachA', round.id, { ...aFeedback(), [field]: `You met it: ${gap}` });
      expect([hollow.status, hollow.body.error.message]).toEqual([
        400,
        expect.stringContaining(`replace ${gap} with your own words`),
      ]);
    }
    const waiting = (await queue('coachA', '?limit=100')).body.items.map(
      (item: { roundId: string }) => item.roundId,
    );
    expect(waiting).toContain(round.id);
  });
});
