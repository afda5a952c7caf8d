import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { FakeGradebook } from '../../harness/fake-gradebook.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { aFeedback, aRound, aStarterModule, launchModule } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MODULE = 'fixture-narrate';
let pg: TestPostgres;
let tool: TestServer;
let moodle: FakePlatform;
let gradebook: FakeGradebook;
const tokens: Record<string, string> = {};
let linkKey = '';

beforeAll(async () => {
  pg = await startPostgres();
  tool = await startTestServer({
    env: { DATABASE_URL: await pg.createDatabase('practice') },
    starterModules: [aStarterModule(MODULE)],
  });
  moodle = await FakePlatform.start('moodle', 'pg-practice');
  gradebook = await FakeGradebook.start({
    mode: 'moodle',
    clientId: moodle.clientId,
    toolKeysUrl: `${tool.url}/lti/keys`,
    users: ['learner-ann', 'learner-ben'],
  });
  await tool.registerPlatform({ ...moodle.registration, tokenUrl: gradebook.tokenUrl }, [
    moodle.deploymentId,
  ]);
  const at = { course: 'pg-course', link: 'pg-link', module: MODULE, lineItemsUrl: gradebook.lineItemsUrl };
  for (const [who, userId] of [
    ['ann', 'learner-ann'],
    ['ben', 'learner-ben'],
    ['coach', 'instructor-1'],
  ] as const) {
    const bootstrap = await launchModule(moodle, tool.url, { userId, name: who, ...at });
    tokens[who] = bootstrap.sessionToken;
    linkKey = bootstrap.activity!.linkKey;
  }
});
afterAll(async () => {
  await tool?.close();
  await moodle?.close();
  await gradebook?.close();
  await pg?.stop();
});

const submit = (who: string, round: ReturnType<typeof aRound>) =>
  api(tool.url, PRACTICE_API.rounds, { token: tokens[who], body: round });

describe('practice rounds on PostgreSQL', () => {
  it('stores a round sent twice at once exactly once, with one Submitted score', async () => {
    const round = aRound(linkKey);
    const answers = await Promise.all([submit('ann', round), submit('ann', round), submit('ann', round)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.round.roundNumber))).toEqual(new Set([1]));
    const rows = await pg.query<{ count: string }>(
      tool.config.databaseUrl!,
      `SELECT count(*) AS count FROM practice_rounds WHERE id = '${round.id}'`,
    );
    expect(Number(rows[0]?.count)).toBe(1);
    await tool.grades.processDue();
    expect(gradebook.scores.filter((score) => score.userId === 'learner-ann')).toHaveLength(1);
  });

  it('numbers concurrent rounds of one trainee 1..n without gaps or repeats', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit('ben', aRound(linkKey))));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(answers.map((answer) => answer.body.round.roundNumber).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('pages the review queue oldest first and takes feedback once', async () => {
    const seen: string[] = [];
    let query = '?limit=2';
    let total = 0;
    for (let page = 0; page < 10; page += 1) {
      const response = await api(tool.url, `${PRACTICE_API.reviewQueue}${query}`, { token: tokens.coach });
      expect(response.status).toBe(200);
      total = response.body.total;
      seen.push(...response.body.items.map((item: { roundId: string }) => item.roundId));
      if (!response.body.next) break;
      query = `?limit=2&after=${encodeURIComponent(response.body.next)}`;
    }
    expect(total).toBe(6);
    expect(seen).toHaveLength(6);
    const ordered = await pg.query<{ id: string }>(
      tool.config.databaseUrl!,
      'SELECT id FROM practice_rounds ORDER BY "submittedAt", id',
    );
    expect(seen).toEqual(ordered.map((row) => row.id));

    const [first] = seen;
    const given = await Promise.all([
      api(tool.url, PRACTICE_API.roundFeedback(first!), { token: tokens.coach, body: aFeedback() }),
      api(tool.url, PRACTICE_API.roundFeedback(first!), { token: tokens.coach, body: aFeedback() }),
    ]);
    expect(given.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const after = await api(tool.url, PRACTICE_API.reviewQueue, { token: tokens.coach });
    expect(after.body.total).toBe(5);
    const jobs = await pg.query<{ count: string }>(
      tool.config.databaseUrl!,
      `SELECT count(*) AS count FROM grade_jobs WHERE "idempotencyKey" = 'round:${first}:reviewed'`,
    );
    expect(Number(jobs[0]?.count)).toBe(1);
  });
});
