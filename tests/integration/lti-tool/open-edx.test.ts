/**
 * Launches as Open edX (openedx/xblock-lti-consumer) sends them: course roles with neutral
 * system and institution roles, and every item a block holds launched with the block's one
 * resource_link.id, told apart only by the custom parameters of its deep-linked content item.
 */
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { testId } from '../../harness/builders.ts';
import { FakePlatform, OPENEDX_ROLES, ROLES, openEdxBlock } from '../../harness/fake-platform.ts';
import { aRound, moduleClaims, twoFixtureModules } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const ONE = 'fixture-one';
const TWO = 'fixture-two';
let tool: TestServer;
let openedx: FakePlatform;

beforeAll(async () => {
  tool = await startTestServer({
    starterModules: twoFixtureModules(),
  });
  openedx = await FakePlatform.start('openedx');
  await tool.registerPlatform(openedx.registration, [openedx.deploymentId]);
});
afterAll(async () => {
  await tool?.close();
  await openedx?.close();
});

const withRoles =
  (roles: string[]) =>
  (claims: JWTPayload): JWTPayload => ({ ...claims, [`${LTI}roles`]: roles });

describe('Open edX course roles', () => {
  it('opens the coach page and review queue for a course Admin; administrators still get the provider page', async () => {
    const admin = await openedx.launch(tool.url, {
      userId: 'course-admin-1',
      claims: withRoles(OPENEDX_ROLES.courseAdmin),
    });
    expect(admin.status).toBe(200);
    expect(admin.bootstrap?.page).toBe('coach');
    const token = admin.bootstrap!.sessionToken;
    const queue = await api(tool.url, PRACTICE_API.reviewQueue, { token });
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({ items: [], total: 0 });
    // A course admin administers one course, not the institution's module library.
    expect((await api(tool.url, PRACTICE_API.providerActivity, { token })).status).toBe(403);

    const globalStaff = await openedx.launch(tool.url, {
      userId: 'global-staff-1',
      claims: withRoles(OPENEDX_ROLES.globalStaff),
    });
    expect(globalStaff.bootstrap?.page).toBe('provider');
    const institutionAdmin = await openedx.launch(tool.url, {
      userId: 'institution-admin-1',
      claims: withRoles([ROLES.admin]),
    });
    expect(institutionAdmin.bootstrap?.page).toBe('provider');
    const providerToken = institutionAdmin.bootstrap!.sessionToken;
    expect((await api(tool.url, PRACTICE_API.providerActivity, { token: providerToken })).status).toBe(200);
  });
});

/** One item of an Open edX block: the block's resource_link.id, the item's custom parameters. */
const blockItem =
  (block: string, module: string) =>
  (claims: JWTPayload): JWTPayload => ({
    ...claims,
    [`${LTI}resource_link`]: { id: block },
    [`${LTI}custom`]: { activity: 'module', module },
  });

async function launchItem(userId: string, block: string, module: string) {
  const outcome = await openedx.launch(tool.url, { userId, claims: blockItem(block, module) });
  expect(outcome.bootstrap?.page, outcome.html.slice(0, 300)).toBe(
    userId.startsWith('learner') ? 'practice' : 'coach',
  );
  return { token: outcome.bootstrap!.sessionToken, linkKey: outcome.bootstrap!.activity!.linkKey };
}

describe('two deep-linked items sharing one resource_link.id (one Open edX block)', () => {
  it("keeps item 1's page on module 1 after item 2 is launched, and files its round on module 1", async () => {
    const block = openEdxBlock('aa11bb22cc33dd44ee55ff6600000001');
    const item1 = await launchItem('learner-lee', block, ONE);
    const item2 = await launchItem('learner-lee', block, TWO);
    const page1 = await api(tool.url, PRACTICE_API.practice(item1.linkKey), { token: item1.token });
    expect(page1.status).toBe(200);
    expect(page1.body.module.id).toBe(ONE);
    expect(item2.linkKey).not.toBe(item1.linkKey);

    // Item 2 first, then item 1: each activity numbers its own rounds.
    const onTwo = await api(tool.url, PRACTICE_API.rounds, {
      token: item2.token,
      body: aRound(item2.linkKey, { selfAssessment: ['secure', 'not-yet'] }),
    });
    expect(onTwo.status).toBe(201);
    const onOne = await api(tool.url, PRACTICE_API.rounds, {
      token: item1.token,
      body: aRound(item1.linkKey, { selfAssessment: ['secure', 'secure', 'not-yet'] }),
    });
    expect(onOne.status).toBe(201);
    expect(onOne.body.round).toMatchObject({ moduleId: ONE, roundNumber: 1 });
    expect(onTwo.body.round).toMatchObject({ moduleId: TWO, roundNumber: 1 });

    const again1 = await api(tool.url, PRACTICE_API.practice(item1.linkKey), { token: item1.token });
    expect(again1.body.rounds.map((round: { id: string }) => round.id)).toEqual([onOne.body.round.id]);
    const again2 = await api(tool.url, PRACTICE_API.practice(item2.linkKey), { token: item2.token });
    expect(again2.body.module.id).toBe(TWO);
    expect(again2.body.rounds.map((round: { id: string }) => round.id)).toEqual([onTwo.body.round.id]);

    // The coach sees each round under its own module.
    const coach = await launchItem('instructor-coach', block, ONE);
    const queue = await api(tool.url, PRACTICE_API.reviewQueue, { token: coach.token });
    const byId = new Map(
      queue.body.items.map((item: { roundId: string; moduleId: string }) => [item.roundId, item.moduleId]),
    );
    expect(byId.get(onOne.body.round.id)).toBe(ONE);
    expect(byId.get(onTwo.body.round.id)).toBe(TWO);
  });

  it("refuses a page pinned to item 1 anything on item 2's activity, and stores nothing", async () => {
    const block = openEdxBlock('aa11bb22cc33dd44ee55ff6600000002');
    const item1 = await launchItem('learner-max', block, ONE);
    const item2 = await launchItem('learner-max', block, TWO);
    const as1 = { token: item1.token };
    const round = aRound(item2.linkKey, { selfAssessment: ['secure', 'secure'] });
    const refused = [
      await api(tool.url, PRACTICE_API.practice(item2.linkKey), as1),
      await api(tool.url, PRACTICE_API.rounds, { ...as1, body: round }),
      await api(tool.url, PRACTICE_API.draft(item2.linkKey), as1),
      await api(tool.url, PRACTICE_API.draft(item2.linkKey), {
        ...as1,
        method: 'PUT',
        body: {
          content: { roundId: testId(), script: 'Not mine to save', selfAssessment: [null, null] },
          savedAt: new Date().toISOString(),
        },
      }),
      await api(tool.url, PRACTICE_API.checkIns, {
        ...as1,
        body: { id: testId(), linkKey: item2.linkKey, outcome: 'went-well', note: '' },
      }),
      await api(tool.url, PRACTICE_API.reflections, {
        ...as1,
        body: { id: testId(), linkKey: item2.linkKey, wentWell: 'It went well', change: '', next: '' },
      }),
    ];
    expect(refused.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(refused[0]!.body.error.message).toMatch(/opened for another activity/);

    const two = await api(tool.url, PRACTICE_API.practice(item2.linkKey), { token: item2.token });
    expect(two.body).toMatchObject({ rounds: [], checkIns: [], reflections: [] });
    expect((await api(tool.url, PRACTICE_API.draft(item2.linkKey), { token: item2.token })).body).toEqual({
      draft: null,
    });
    // The same round sent from item 2's own page is new there: nothing was kept of the refused one.
    const own = await api(tool.url, PRACTICE_API.rounds, { token: item2.token, body: round });
    expect(own.status).toBe(201);
    // Its id sent again from item 1's page, naming item 1: not item 1's round, so not answered.
    const resent = await api(tool.url, PRACTICE_API.rounds, {
      ...as1,
      body: { ...round, linkKey: item1.linkKey, selfAssessment: ['secure', 'secure', 'secure'] },
    });
    expect(resent.status).toBe(409);
    expect(resent.body.round).toBeUndefined();
  });

  it('keeps the pin across a session refresh', async () => {
    const block = openEdxBlock('aa11bb22cc33dd44ee55ff6600000003');
    const item1 = await launchItem('learner-kai', block, ONE);
    const item2 = await launchItem('learner-kai', block, TWO);
    const refreshed = await api(tool.url, API.sessionRefresh, { method: 'POST', token: item1.token });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.sessionToken as string;
    const own = await api(tool.url, PRACTICE_API.practice(item1.linkKey), { token });
    expect(own.status).toBe(200);
    expect(own.body.module.id).toBe(ONE);
    expect((await api(tool.url, PRACTICE_API.practice(item2.linkKey), { token })).status).toBe(403);
  });
});

describe('a trainee page acts only on the activity it was launched for', () => {
  it('refuses another resource link of the same course', async () => {
    const moodle = await FakePlatform.start('moodle', 'pinned');
    try {
      await tool.registerPlatform(moodle.registration, [moodle.deploymentId]);
      const at = { userId: 'learner-ana', course: 'pinned-course', module: ONE };
      const a = await moodle.launch(tool.url, {
        userId: at.userId,
        claims: moduleClaims({ ...at, link: 'a' }),
      });
      const b = await moodle.launch(tool.url, {
        userId: at.userId,
        claims: moduleClaims({ ...at, link: 'b' }),
      });
      const pageA = { token: a.bootstrap!.sessionToken };
      expect((await api(tool.url, PRACTICE_API.practice(a.bootstrap!.activity!.linkKey), pageA)).status).toBe(
        200,
      );
      expect((await api(tool.url, PRACTICE_API.practice(b.bootstrap!.activity!.linkKey), pageA)).status).toBe(
        403,
      );
    } finally {
      await moodle.close();
    }
  });
});
