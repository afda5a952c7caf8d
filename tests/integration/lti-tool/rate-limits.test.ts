/**
 * What an unauthenticated client can make the tool do: start logins (each stores a state) and
 * guess pairing codes. Both are capped per client; pairing answers never tell codes apart.
 * Across processes on PostgreSQL: tests/integration/postgres/rate-limits.test.ts.
 */
import path from 'node:path';
import { QueryTypes, Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf } from '../../../lti-tool/http/rate-limits.ts';
import { API } from '../../../shared/protocol/api.ts';
import { api } from '../../harness/api-client.ts';
import { launchInCourse } from '../../harness/courses.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LOGINS_A_MINUTE = 8;
const FAILED_PAIRINGS = 3;
let tool: TestServer;
let school: FakePlatform;
let clockOffsetMs = 0;
let teacher: string;

beforeAll(async () => {
  tool = await startTestServer({
    env: { LOGIN_RATE_LIMIT: String(LOGINS_A_MINUTE), PAIRING_RATE_LIMIT: String(FAILED_PAIRINGS) },
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  school = await FakePlatform.start('moodle', 'limits');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  // The pairing tests' teacher: one login of this client's minute.
  teacher = await launchInCourse(tool.url, school, 'pairing-course', 'learner-pairs');
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
});

async function storedLoginStates(): Promise<number> {
  const reader = new Sequelize({
    dialect: 'sqlite',
    storage: path.join(tool.dataDir, 'coaching.sqlite'),
    logging: false,
  });
  try {
    const [row] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM lti_login_states', {
      type: QueryTypes.SELECT,
    });
    return Number(row!.n);
  } finally {
    await reader.close();
  }
}

/** A third-party-initiated login, posted as a form (as the 90 kB hints of the finding were). */
function login(hint: string) {
  return fetch(`${tool.url}/lti/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      iss: school.issuer,
      client_id: school.clientId,
      login_hint: hint,
      target_link_uri: `${tool.url}/lti/launch`,
      lti_message_hint: hint,
    }),
  });
}

describe('logins', () => {
  it('refuses long hints and oversized forms, and stores nothing of them; keeps a 2 kB hint', async () => {
    const before = await storedLoginStates();
    const long = await login('x'.repeat(30 * 1024));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('Reference: <code>bad-request</code>');
    // The finding's 90 kB hints, twice: the form itself is refused before it is read.
    const huge = await login('x'.repeat(90 * 1024));
    expect(huge.status).toBe(413);
    expect(await storedLoginStates()).toBe(before);
    expect((await login('y'.repeat(2000))).status).toBe(302);
    expect(await storedLoginStates()).toBe(before + 1);
  });

  it(`lets a client start ${LOGINS_A_MINUTE} a minute, then answers 429 with Retry-After and stores nothing`, async () => {
    // The teacher's launch and two logins above.
    for (let started = 3; started < LOGINS_A_MINUTE; started += 1) {
      expect((await login(`learner-${started}`)).status).toBe(302);
    }
    const before = await storedLoginStates();
    const refused = await login('learner-over');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Reference: <code>rate-limited</code>');
    expect(await storedLoginStates()).toBe(before);
  });
});

describe('pairing', () => {
  const pair = (code: string) => api(tool.url, API.pair, { body: { code, deviceLabel: 'Laptop' } });
  const newCode = async () =>
    (await api(tool.url, API.pairingCodes, { method: 'POST', token: teacher })).body.code as string;

  it('never holds up codes that pair, however many', async () => {
    for (let device = 0; device < FAILED_PAIRINGS * 3; device += 1) {
      expect((await pair(await newCode())).status).toBe(201);
    }
  });

  it('answers an unknown, a used and an expired code alike', async () => {
    const used = await newCode();
    expect((await pair(used)).status).toBe(201);
    const expired = await newCode();
    clockOffsetMs = 11 * 60 * 1000;
    const answers = await Promise.all([pair('ABCD-EFGH'), pair(used), pair(expired)]);
    clockOffsetMs = 0;
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
    expect(new Set(answers.map((answer) => answer.body.error.message)).size).toBe(1);
  });

  it(`refuses a client after ${FAILED_PAIRINGS} failed attempts, even with a good code`, async () => {
    // The three refused codes above were this client's failed attempts.
    const good = await newCode();
    const refused = await pair(good);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too-many-requests');
  });
});

describe('which client a request counts against', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::5', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
  ])('%s counts as %s', (ip, client) => {
    expect(clientOf({ ip })).toBe(client);
  });
});
