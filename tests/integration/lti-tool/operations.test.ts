/**
 * What a provider's IT team runs the tool by (README "Operations"): one request id per request,
 * carried into the grade job it queues; structured logs with nothing secret or typed in them;
 * Prometheus metrics behind METRICS_TOKEN; readiness that says which check fails.
 */
import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../lti-tool/core/logger.ts';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { loadStarterModules } from '../../../lti-tool/modules/starter-library.ts';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { testId } from '../../harness/builders.ts';
import { pairDevice } from '../../harness/courses.ts';
import { FakeGradebook } from '../../harness/fake-gradebook.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { aFeedback, launchModule } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const METRICS_TOKEN = `metrics-${randomUUID()}`;
const module = loadStarterModules()[0]!;
/** Text a teacher and a coach type: it must never reach a log line. */
const TYPED = {
  script: `SCRIPT-Heron ${randomUUID()} eyes on me in three`,
  praise: `PRAISE-Ocelot ${randomUUID()}`,
};

const lines: string[] = [];
const capture: DestinationStream = { write: (line: string) => void lines.push(line) };
let tool: TestServer;
let platform: FakePlatform;
let gradebook: FakeGradebook;
let sequelize: Sequelize;
const secrets: string[] = [];
let teacher: { sessionToken: string; linkKey: string };
let coachToken: string;

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

function metrics(token: string | null = METRICS_TOKEN) {
  return fetch(`${tool.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** A metric's value, by name and labels as Prometheus prints them (`{a="b"}`); null when absent. */
async function metric(name: string, labels = ''): Promise<number | null> {
  const text = await (await metrics()).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ').at(-1)) : null;
}

beforeAll(async () => {
  tool = await startTestServer({
    env: { METRICS_TOKEN },
    logger: createLogger({ level: 'debug', destination: capture }),
  });
  platform = await FakePlatform.start('moodle', 'ops');
  gradebook = await FakeGradebook.start({
    mode: 'moodle',
    clientId: platform.clientId,
    toolKeysUrl: `${tool.url}/lti/keys`,
    users: ['ops-teacher'],
  });
  await tool.registerPlatform({ ...platform.registration, tokenUrl: gradebook.tokenUrl }, [
    platform.deploymentId,
  ]);
  sequelize = await openSequelize(tool.config);
  const launch = (userId: string, role: 'learner' | 'instructor') =>
    launchModule(platform, tool.url, {
      userId,
      course: 'ops-course',
      link: 'ops-link',
      module: module.id,
      lineItemsUrl: gradebook.lineItemsUrl,
      role,
    });
  const page = await launch('ops-teacher', 'learner');
  teacher = { sessionToken: page.sessionToken, linkKey: page.activity!.linkKey };
  coachToken = (await launch('ops-coach', 'instructor')).sessionToken;
  secrets.push(teacher.sessionToken, coachToken, tool.config.secret, METRICS_TOKEN);
});

afterAll(async () => {
  await sequelize?.close();
  await tool?.close();
  await gradebook?.close();
  await platform?.close();
});

describe('request ids', () => {
  it('echoes a valid X-Request-Id and puts it on every line of that request', async () => {
    const response = await fetch(`${tool.url}${API.myStep}`, { headers: { 'x-request-id': 'lb-7f3a:42' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('lb-7f3a:42');
    expect(logged()).toContainEqual(
      expect.objectContaining({ requestId: 'lb-7f3a:42', level: 'warn', message: `GET ${API.myStep} 401` }),
    );
  });

  it('replaces an id that is not a plain token with its own', async () => {
    for (const given of ['two words', 'x'.repeat(129), '<script>', 'id\u00e9']) {
      const response = await fetch(`${tool.url}/healthz`, { headers: { 'x-request-id': given } });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("carries the id of the request that queued a score into the grade job's log lines", async () => {
    const round = await fetch(`${tool.url}${PRACTICE_API.rounds}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${teacher.sessionToken}`,
        'content-type': 'application/json',
        'x-request-id': 'round-submit-1',
      },
      body: JSON.stringify({
        id: testId(),
        linkKey: teacher.linkKey,
        rehearsal: { script: TYPED.script, audioId: null },
        selfAssessment: module.actionStep.successCriteria.map(() => 'secure'),
      }),
    });
    expect(round.status).toBe(201);
    expect(await metric('coaching_grade_queue_pending')).toBe(1);
    expect(await metric('coaching_grade_queue_oldest_age_seconds')).toBeGreaterThanOrEqual(0);

    expect(await tool.grades.processDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(gradebook.scores).toHaveLength(1);
    expect(logged()).toContainEqual(
      expect.objectContaining({ message: 'score sent', requestId: 'round-submit-1' }),
    );
    expect(await metric('coaching_grade_queue_pending')).toBe(0);
    expect(await metric('coaching_grade_queue_oldest_age_seconds')).toBe(0);
    secrets.push(gradebook.accessToken, ...gradebook.clientAssertions);
  });
});

describe('metrics', () => {
  it('answers only with METRICS_TOKEN', async () => {
    expect((await metrics(null)).status).toBe(401);
    expect((await metrics(`${METRICS_TOKEN}x`)).status).toBe(401);
    const answer = await metrics();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  });

  it('counts launches by outcome, platform calls by purpose, requests by route, syncs and the event loop', async () => {
    expect(await metric('coaching_launches_total', '{outcome="ok"}')).toBe(2);
    const refused = await platform.launch(tool.url, { rawToken: () => 'not-a-jwt' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await metric('coaching_launches_total', `{outcome="${refused.reason}"}`)).toBe(1);
    expect(await metric('coaching_platform_requests_total', '{purpose="jwks",outcome="ok"}')).toBe(1);

    const pull = await api(tool.url, `${API.syncPull}?since=0`, { token: teacher.sessionToken });
    expect(pull.status).toBe(200);
    expect(await metric('coaching_sync_pulls_total')).toBe(1);
    expect(
      await metric(
        'coaching_http_request_duration_seconds_count',
        `{method="POST",route="${PRACTICE_API.rounds}",status="2xx"}`,
      ),
    ).toBe(1);
    const text = await (await metrics()).text();
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    for (const name of ['coaching_sync_changes_total', 'coaching_db_pool_connections']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // Route patterns, never ids: one label per route whatever the ids in the path.
    expect(text).not.toContain(teacher.linkKey);
  });
});

describe('connections', () => {
  it('keeps an idle connection longer than a balancer in front does (65 s, above the usual 60)', async () => {
    // A balancer reusing a connection the tool is closing at that instant gets a reset, and the user a 502.
    const header = await new Promise<string | undefined>((resolve, reject) => {
      get(`${tool.url}/healthz`, { agent: new Agent({ keepAlive: true }) }, (response) => {
        response.resume();
        resolve(response.headers['keep-alive'] as string | undefined);
      }).once('error', reject);
    });
    expect(header).toBe('timeout=65');
  });
});

describe('readiness', () => {
  it('is ready with the database answering, every migration run and the keys opening', async () => {
    const response = await fetch(`${tool.url}/readyz`);
    expect([response.status, await response.json()]).toEqual([
      200,
      { status: 'ready', checks: { database: 'ok', migrations: 'ok', keys: 'ok' } },
    ]);
  });

  it('is not ready, naming the check, while a migration of this release has not run', async () => {
    const [last] = await sequelize.query<{ name: string }>(
      'SELECT "name" FROM "coaching_migrations" ORDER BY "name" DESC LIMIT 1',
      { type: QueryTypes.SELECT },
    );
    await sequelize.query('DELETE FROM "coaching_migrations" WHERE "name" = :name', {
      replacements: { name: last!.name },
    });
    try {
      const response = await fetch(`${tool.url}/readyz`);
      expect([response.status, await response.json()]).toEqual([
        503,
        { status: 'not ready', checks: { database: 'ok', migrations: 'failing', keys: 'ok' } },
      ]);
      expect(logged()).toContainEqual(
        expect.objectContaining({ message: 'readiness check failing', check: 'migrations' }),
      );
    } finally {
      await sequelize.query('INSERT INTO "coaching_migrations" ("name") VALUES (:name)', {
        replacements: { name: last!.name },
      });
    }
    expect((await fetch(`${tool.url}/readyz`)).status).toBe(200);
  });
});

describe('logs', () => {
  it('are JSON lines with a level, a time and a message', () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const entry of logged()) {
      expect(entry).toMatchObject({
        level: expect.stringMatching(/^(debug|info|warn|error)$/),
        time: expect.any(String),
        message: expect.any(String),
      });
    }
  });

  it('never hold a credential or anything a teacher or coach typed', async () => {
    // More of what a week holds: feedback typed by the coach, a paired browser, its sync.
    const queue = await api(tool.url, PRACTICE_API.reviewQueue, { token: coachToken });
    const roundId = queue.body.items[0].roundId as string;
    const feedback = await api(tool.url, PRACTICE_API.roundFeedback(roundId), {
      token: coachToken,
      body: { ...aFeedback(module.actionStep.successCriteria.map(() => 'secure')), praise: TYPED.praise },
    });
    expect(feedback.status).toBe(201);
    const deviceToken = await pairDevice(tool.url, teacher.sessionToken);
    expect((await api(tool.url, `${API.syncPull}?since=0`, { token: deviceToken })).status).toBe(200);
    await tool.grades.processDue();
    secrets.push(deviceToken, ...gradebook.clientAssertions);

    const all = lines.join('\n');
    for (const secret of [...secrets, ...Object.values(TYPED)]) expect(all).not.toContain(secret);
  });
});
