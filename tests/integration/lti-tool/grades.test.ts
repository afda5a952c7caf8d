import type { JWTPayload } from 'jose';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { API } from '../../../shared/protocol/api.ts';
import { contextKeyOf, resourceLinkKey, tenantKeyOf } from '../../../lti-tool/core/link-keys.ts';
import { api } from '../../harness/api-client.ts';
import { FakeGradebook } from '../../harness/fake-gradebook.ts';
import { FakePlatform, type PlatformMode } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
let clock = new Date('2026-11-22T10:00:00.000Z');
let tool: TestServer;

beforeAll(async () => {
  tool = await startTestServer({ now: () => clock });
});
afterAll(async () => {
  await tool?.close();
});

async function setUp(mode: PlatformMode, name: string, users = ['learner-1']) {
  const platform = await FakePlatform.start(mode, name);
  const gradebook = await FakeGradebook.start({
    mode,
    clientId: platform.clientId,
    toolKeysUrl: `${tool.url}/lti/keys`,
    users,
  });
  await tool.registerPlatform({ ...platform.registration, tokenUrl: gradebook.tokenUrl }, [
    platform.deploymentId,
  ]);
  const withGrades = (claims: JWTPayload): JWTPayload => ({
    ...claims,
    [`${LTI}custom`]: { activity: 'action-step' },
    [AGS]: {
      scope: [
        'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
        'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      ],
      lineitems: gradebook.lineItemsUrl,
    },
  });
  const learner = await platform.launch(tool.url, { userId: 'learner-1', claims: withGrades });
  const coach = await platform.launch(tool.url, { userId: 'instructor-1', claims: withGrades });
  expect(learner.status).toBe(200);
  const tenant = tenantKeyOf({
    tenant: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId },
  });
  const base = {
    linkKey: resourceLinkKey(tenant, `${name}-link-1`, 'action-step'),
    contextKey: contextKeyOf(tenant, `${name}-course-1`),
  };
  return { platform, gradebook, base, coachToken: coach.bootstrap!.sessionToken };
}

describe('Assignment and Grade Services, Moodle-like', () => {
  it('posts Submitted/PendingManual on submit and FullyGraded on review, creating the line item once', async () => {
    const { platform, gradebook, base } = await setUp('moodle', 'ags-moodle');
    await tool.grades.recordSubmission(
      { ...base, userId: 'learner-1', idempotencyKey: 'round-1:submitted' },
      3,
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    // Same second: the tool must still send a later timestamp, or Moodle answers 409.
    await tool.grades.recordReview(
      { ...base, userId: 'learner-1', idempotencyKey: 'round-1:reviewed' },
      { given: 2, maximum: 3 },
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });

    expect(gradebook.lineItems).toEqual([
      expect.objectContaining({
        resourceId: 'action-step',
        scoreMaximum: 3,
        resourceLinkId: 'ags-moodle-link-1',
      }),
    ]);
    expect(gradebook.scores.map((s) => [s.gradingProgress, s.scoreGiven])).toEqual([
      ['PendingManual', null],
      ['FullyGraded', 2],
    ]);
    expect(
      Date.parse(gradebook.scores[1]!.timestamp) - Date.parse(gradebook.scores[0]!.timestamp),
    ).toBeGreaterThanOrEqual(1000);
    await gradebook.close();
    await platform.close();
  });

  it('sends an event once, however often it is recorded', async () => {
    const { platform, gradebook, base } = await setUp('moodle', 'ags-idem');
    const event = { ...base, userId: 'learner-1', idempotencyKey: 'round-9:reviewed' };
    expect(await tool.grades.recordReview(event, { given: 3, maximum: 3 })).toBe(true);
    expect(await tool.grades.recordReview(event, { given: 3, maximum: 3 })).toBe(false);
    // Two workers at once (two processes, or the timer and a manual run) claim it once.
    const runs = await Promise.all([tool.grades.processDue(), tool.grades.processDue()]);
    expect(runs.map((run) => run.sent).sort()).toEqual([0, 1]);
    await tool.grades.processDue();
    expect(gradebook.scores).toHaveLength(1);
    await gradebook.close();
    await platform.close();
  });

  it('stopping mid-run finishes the score being sent and gives back the rest, due now', async () => {
    const { platform, gradebook, base } = await setUp('moodle', 'ags-stop');
    for (const round of [1, 2, 3]) {
      await tool.grades.recordSubmission(
        { ...base, userId: 'learner-1', idempotencyKey: `round-stop-${round}:submitted` },
        3,
      );
    }
    // SIGTERM arrives while the first score is with the LMS.
    const stop = new AbortController();
    gradebook.onScore = () => stop.abort();
    expect(await tool.grades.processDue(stop.signal)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    gradebook.onScore = null;
    // Not held for the 5-minute lease: the next run (this process restarted, or another) sends them.
    expect(await tool.grades.processDue()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(gradebook.scores).toHaveLength(3);
    await gradebook.close();
    await platform.close();
  });

  it('sends a backlog larger than one claim in one run, each score once', async () => {
    const { platform, gradebook, base } = await setUp('moodle', 'ags-backlog');
    // A training room's submissions: more than the 20 a claim takes.
    for (let round = 1; round <= 45; round += 1) {
      await tool.grades.recordSubmission(
        { ...base, userId: 'learner-1', idempotencyKey: `round-backlog-${round}:submitted` },
        3,
      );
    }
    expect(await tool.grades.processDue()).toEqual({ sent: 45, retrying: 0, failed: 0 });
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(gradebook.scores).toHaveLength(45);
    await gradebook.close();
    await platform.close();
  });

  it('never sends a job past its claim: slow sends give the rest back and claim them again', async () => {
    const users = ['learner-1', 'learner-2', 'learner-3'];
    const { platform, gradebook, base } = await setUp('moodle', 'ags-lease', users);
    for (const userId of users)
      await tool.grades.recordSubmission({ ...base, userId, idempotencyKey: `lease-${userId}:submitted` }, 3);
    const sequelize = await openSequelize(tool.config);
    // An LMS taking 50 s a score. As each lands, how long its job's claim still runs (once it has run
    // out, another sender may take the job and send it again).
    const claimLeft: Promise<number>[] = [];
    gradebook.onScore = () => {
      clock = new Date(clock.getTime() + 50_000);
      const landedAt = clock.getTime();
      const userId = gradebook.scores.at(-1)!.userId;
      claimLeft.push(
        sequelize
          .query<{ nextAttemptAt: string }>(
            `SELECT "nextAttemptAt" FROM "grade_jobs" WHERE "idempotencyKey" = 'lease-${userId}:submitted'`,
            { type: QueryTypes.SELECT },
          )
          .then(([row]) => new Date(row!.nextAttemptAt).getTime() - landedAt),
      );
    };
    expect(await tool.grades.processDue()).toEqual({ sent: 3, retrying: 0, failed: 0 });
    gradebook.onScore = null;
    expect(gradebook.scores.map((score) => score.userId).sort()).toEqual(users);
    // The third would have landed 150 s into a 120 s claim: it was given back and claimed afresh first.
    for (const left of await Promise.all(claimLeft)) expect(left).toBeGreaterThan(0);
    await sequelize.close();
    await gradebook.close();
    await platform.close();
  });

  it('rides out an outage with backoff, then delivers exactly once', async () => {
    const { platform, gradebook, base } = await setUp('moodle', 'ags-outage');
    gradebook.failNext = { count: 2, status: 503 };
    await tool.grades.recordReview(
      { ...base, userId: 'learner-1', idempotencyKey: 'round-2:reviewed' },
      { given: 1, maximum: 3 },
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock = new Date(clock.getTime() + 31_000);
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    clock = new Date(clock.getTime() + 61_000);
    expect(await tool.grades.processDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(gradebook.scores).toHaveLength(1);
    await gradebook.close();
    await platform.close();
  });

  it("keeps a user's scores in order: a later score waits for an earlier one being retried", async () => {
    const { platform, gradebook, base } = await setUp('moodle', 'ags-order');
    gradebook.failNext = { count: 1, status: 503 };
    await tool.grades.recordSubmission(
      { ...base, userId: 'learner-1', idempotencyKey: 'round-4:submitted' },
      3,
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // The coach reviews while the submission waits for its retry: the final score must not go first,
    // or the retried "Submitted" would land after it and take the grade away.
    await tool.grades.recordReview(
      { ...base, userId: 'learner-1', idempotencyKey: 'round-4:reviewed' },
      { given: 3, maximum: 3 },
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock = new Date(clock.getTime() + 31_000);
    expect(await tool.grades.processDue()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(gradebook.scores.map((s) => [s.gradingProgress, s.scoreGiven])).toEqual([
      ['PendingManual', null],
      ['FullyGraded', 3],
    ]);
    expect(Date.parse(gradebook.scores[1]!.timestamp)).toBeGreaterThan(
      Date.parse(gradebook.scores[0]!.timestamp),
    );
    await gradebook.close();
    await platform.close();
  });

  it('shows the coach a score the LMS refused, and only in their course', async () => {
    const { platform, gradebook, base, coachToken } = await setUp('moodle', 'ags-refused');
    await tool.grades.recordReview(
      { ...base, userId: 'not-gradable', idempotencyKey: 'round-3:reviewed' },
      { given: 2, maximum: 3 },
    );
    expect(await tool.grades.processDue()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const failed = await api(tool.url, API.failedGrades, { token: coachToken });
    expect(failed.status).toBe(200);
    expect(failed.body.failed).toEqual([
      expect.objectContaining({ userId: 'not-gradable', scoreGiven: 2, error: expect.stringMatching(/400/) }),
    ]);
    const other = await setUp('moodle', 'ags-other-course');
    expect((await api(tool.url, API.failedGrades, { token: other.coachToken })).body.failed).toEqual([]);
    for (const thing of [gradebook, platform, other.gradebook, other.platform]) await thing.close();
  });
});

describe('Assignment and Grade Services, Canvas-like', () => {
  it('sends a User-Agent and scoreMaximum with every score, honouring PendingManual', async () => {
    const { platform, gradebook, base } = await setUp('canvas', 'ags-canvas');
    await tool.grades.recordSubmission({ ...base, userId: 'learner-1', idempotencyKey: 'c-1:submitted' }, 4);
    clock = new Date(clock.getTime() + 5000);
    await tool.grades.recordReview(
      { ...base, userId: 'learner-1', idempotencyKey: 'c-1:reviewed' },
      { given: 4, maximum: 4 },
    );
    await tool.grades.processDue();
    expect(gradebook.scores).toEqual([
      expect.objectContaining({ gradingProgress: 'PendingManual', scoreGiven: null, scoreMaximum: 4 }),
      expect.objectContaining({ gradingProgress: 'FullyGraded', scoreGiven: 4, scoreMaximum: 4 }),
    ]);
    expect(gradebook.scores.every((s) => s.userAgent?.startsWith('action-step-coaching-lti/'))).toBe(true);
    await gradebook.close();
    await platform.close();
  });
});
