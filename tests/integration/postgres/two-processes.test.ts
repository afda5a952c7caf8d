/**
 * Two tool processes on one PostgreSQL, as replicas behind a load balancer: both share the
 * database, the secret (one DATA_DIR) and PUBLIC_URL, and either may take any request.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bootstrap } from '../../../lti-tool/web/bootstrap.ts';
import { API } from '../../../shared/protocol/api.ts';
import { api } from '../../harness/api-client.ts';
import { aSetStepChange } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { bootstrapIn, CookieJar } from '../../harness/lti-launch.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';
import { startToolServerProcess, type ToolServerProcess } from '../../harness/tool-server-process.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const TEACHERS = ['learner-1', 'learner-2', 'learner-3', 'learner-4'];

let pg: TestPostgres;
let a: TestServer;
let b: ToolServerProcess;
let moodle: FakePlatform;
let coachToken: string;
const teacherTokens = new Map<string, string>();

/** The platform's side of an LTI launch, with the login sent to one process and the launch to another. */
/** The platform's side of an OIDC login at one process: the form it would post back. */
async function loginAt(toolUrl: string, userId: string) {
  const jar = new CookieJar();
  const login = new URL(`${toolUrl}/lti/login`);
  login.search = new URLSearchParams({
    iss: moodle.issuer,
    login_hint: userId,
    target_link_uri: `${a.config.publicUrl}/lti/launch`,
    client_id: moodle.clientId,
    lti_deployment_id: moodle.deploymentId,
  }).toString();
  const response = await fetch(login, { redirect: 'manual' });
  expect(response.status).toBe(302);
  jar.store(response);
  const auth = new URL(response.headers.get('location')!);
  const claims = moodle.claimsFor(userId, auth.searchParams.get('nonce')!);
  claims[`${LTI}target_link_uri`] = `${a.config.publicUrl}/lti/launch`;
  const idToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: moodle.currentKey.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(moodle.currentKey.privateKey);
  return { cookie: jar.header(), form: { id_token: idToken, state: auth.searchParams.get('state')! } };
}

async function postLaunch(toolUrl: string, login: Awaited<ReturnType<typeof loginAt>>) {
  const response = await fetch(`${toolUrl}/lti/launch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: login.cookie },
    body: new URLSearchParams(login.form),
  });
  const html = await response.text();
  return { status: response.status, html, bootstrap: bootstrapIn(html) };
}

/** Login at one process, launch at another. */
async function launch(loginUrl: string, launchUrl: string, userId: string): Promise<Bootstrap> {
  const outcome = await postLaunch(launchUrl, await loginAt(loginUrl, userId));
  expect(outcome.status, outcome.html).toBe(200);
  return outcome.bootstrap!;
}

beforeAll(async () => {
  pg = await startPostgres();
  const databaseUrl = await pg.createDatabase('two_processes');
  a = await startTestServer({ env: { DATABASE_URL: databaseUrl } });
  // B: another process, same database, same DATA_DIR (so the same secret), same public URL.
  b = await startToolServerProcess({ DATA_DIR: a.dataDir, DATABASE_URL: databaseUrl, PUBLIC_URL: a.url });
  moodle = await FakePlatform.start('moodle');
  await a.registerPlatform(moodle.registration, [moodle.deploymentId]);
});
afterAll(async () => {
  await b?.stop();
  await a?.close();
  await moodle?.close();
  await pg?.stop();
});

describe('two tool processes on one PostgreSQL serve requests interchangeably', () => {
  it('a login started on A completes on B, and one started on B completes on A', async () => {
    const coach = await launch(a.url, b.url, 'instructor-1');
    expect(coach.page).toBe('coach');
    coachToken = coach.sessionToken;
    for (const [index, teacher] of TEACHERS.entries()) {
      const [loginAt, launchAt] = index % 2 ? [a.url, b.url] : [b.url, a.url];
      const bootstrap = await launch(loginAt, launchAt, teacher);
      expect(bootstrap.page).toBe('teacher');
      teacherTokens.set(teacher, bootstrap.sessionToken);
    }
  });

  it('the same launch posted to both at once is accepted once', async () => {
    const login = await loginAt(a.url, 'learner-1');
    const outcomes = await Promise.all([postLaunch(a.url, login), postLaunch(b.url, login)]);
    expect(outcomes.filter((outcome) => outcome.status === 200)).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status !== 200)!;
    expect(refused.status).toBe(401);
    expect(refused.html).toContain('<code>state-mismatch</code>');
  });

  it('a session from one process works on the other', async () => {
    const onA = await api(a.url, API.roster, { token: coachToken });
    const onB = await api(b.url, API.roster, { token: coachToken });
    expect(onB.status).toBe(200);
    expect(onB.body).toEqual(onA.body);
    const teachers = onB.body.members.filter((m: { role: string }) => m.role === 'teacher');
    expect(teachers).toHaveLength(TEACHERS.length);
  });

  it('a pairing code issued on A is redeemed on B, once', async () => {
    const code = await api(a.url, API.pairingCodes, {
      method: 'POST',
      token: teacherTokens.get('learner-1'),
    });
    expect(code.status).toBe(201);
    const paired = await api(b.url, API.pair, { body: { code: code.body.code } });
    expect(paired.status).toBe(201);
    expect((await api(a.url, API.pair, { body: { code: code.body.code } })).status).toBe(404);
    expect((await api(a.url, `${API.syncPull}?since=0`, { token: paired.body.deviceToken })).status).toBe(
      200,
    );
  });

  it('a pairing code redeemed on both at once pairs one device', async () => {
    const code = await api(b.url, API.pairingCodes, {
      method: 'POST',
      token: teacherTokens.get('learner-2'),
    });
    const body = { code: code.body.code };
    const results = await Promise.all([api(a.url, API.pair, { body }), api(b.url, API.pair, { body })]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 404]);
  });

  it('a step pushed on A is pulled on B', async () => {
    const change = aSetStepChange('learner-1', { title: 'Pushed on A' });
    const pushed = await api(a.url, API.syncPush, { token: coachToken, body: { changes: [change] } });
    expect(pushed.body.results[0].status).toBe('applied');
    const pulled = await api(b.url, `${API.syncPull}?since=0`, { token: coachToken });
    expect(pulled.body.steps.map((s: { id: string }) => s.id)).toContain(change.stepId);
    const mine = await api(b.url, API.myStep, { token: teacherTokens.get('learner-1') });
    expect(mine.body.step.title).toBe('Pushed on A');
    // The same push again, on the other process, is recognised as a duplicate.
    const again = await api(b.url, API.syncPush, { token: coachToken, body: { changes: [change] } });
    expect(again.body.results[0].status).toBe('duplicate');
  });
});

describe('concurrent pushes to both processes', () => {
  it('never let a pulling client skip a change, and leave one current step per teacher', async () => {
    const WORKERS_PER_PROCESS = 3;
    const PUSHES_PER_WORKER = 10;
    const seen = new Map<string, string>();
    let cursor = '0';
    let pushing = true;
    let pulls = 0;
    const pullOnce = async () => {
      const from = pulls++ % 2 ? a.url : b.url;
      const pull = await api(from, `${API.syncPull}?since=${cursor}`, { token: coachToken });
      expect(pull.status).toBe(200);
      for (const step of pull.body.steps as { id: string; status: string }[]) seen.set(step.id, step.status);
      cursor = pull.body.cursor;
      return pull.body.steps.length as number;
    };
    const puller = (async () => {
      while (pushing) await pullOnce();
    })();

    const pushed: string[] = [];
    const worker = async (url: string, worker: number) => {
      for (let i = 0; i < PUSHES_PER_WORKER; i += 1) {
        const teacher = TEACHERS[(worker + i) % TEACHERS.length]!;
        const change = aSetStepChange(teacher, { title: `${url} worker ${worker} push ${i}` });
        const result = await api(url, API.syncPush, { token: coachToken, body: { changes: [change] } });
        expect(result.body.results[0].status).toBe('applied');
        pushed.push(change.stepId);
      }
    };
    await Promise.all(
      [a.url, b.url].flatMap((url) =>
        Array.from({ length: WORKERS_PER_PROCESS }, (_, index) => worker(url, index)),
      ),
    );
    pushing = false;
    await puller;
    while ((await pullOnce()) > 0);

    const everything = await api(a.url, `${API.syncPull}?since=0`, { token: coachToken });
    const truth = new Map<string, string>(
      (everything.body.steps as { id: string; status: string }[]).map((step) => [step.id, step.status]),
    );
    expect(pulls).toBeGreaterThan(10);
    expect(truth.size).toBeGreaterThanOrEqual(pushed.length);
    // The client that pulled throughout holds exactly what a pull from scratch returns now.
    expect([...seen].filter(([id, status]) => truth.get(id) !== status)).toEqual([]);
    expect([...truth.keys()].filter((id) => !seen.has(id))).toEqual([]);
    const current = (everything.body.steps as { teacherId: string; status: string }[]).filter(
      (step) => step.status === 'current',
    );
    expect(current.map((step) => step.teacherId).sort()).toEqual([...TEACHERS].sort());
  });
});
