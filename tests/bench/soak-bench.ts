/**
 * A bounded soak: two tool instances on one PostgreSQL behind the balancer (tool-pair.ts), with
 * a Moodle-like LMS and its gradebook, taking a mixed week of requests from 20 users at once
 * for 10 minutes (SOAK_MINUTES to change it): launches, practice rounds (half with a recording
 * uploaded first), coaches' feedback from their review queue, coaches setting steps through
 * sync push, and extensions pulling. Half-way, one instance is killed with SIGKILL.
 *
 * Then checked, and the bench fails if any is not so: every request that was answered 2xx is in
 * the database (rounds, recordings and their bytes, feedback, steps); every score the tool
 * queued reached the gradebook once, none twice; and the surviving instance kept answering.
 */
import { randomUUID } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { databaseOptions } from '../../lti-tool/db/sequelize.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { API } from '../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { aSetStepChange } from '../harness/builders.ts';
import { FakeGradebook } from '../harness/fake-gradebook.ts';
import { FakePlatform } from '../harness/fake-platform.ts';
import { freePort } from '../harness/free-port.ts';
import { databasesOn, startPostgresCluster } from '../harness/postgres.ts';
import { aFeedback, aRound, launchModule, moduleClaims, putMedia, webmBytes } from '../harness/practice.ts';
import { pairExtension } from './extension-pairing.ts';
import { round } from './stats.ts';
import { startToolPair, type ToolPair } from './tool-pair.ts';
import { figuresByKind, runUsers, type Action, type KindFigures, type Sample } from './virtual-users.ts';

export const SOAK_SECTION_TITLE = '## Soak: two instances, one killed half-way';

const USERS = 20;
const COURSES = 6;
const TRAINEES_PER_COURSE = 20;
/** One trainee in this many has a paired extension. */
const DEVICE_EVERY = 4;
const RECORDING_BYTES = 64 * 1024;
/**
 * How long to wait after the load for the grade queue to empty. Each process sends one score at a
 * time; 20 users with no think time queue them faster than one survivor sends them (a finding,
 * reported as the drain time), and a killed sender's claims come back after 2 minutes.
 */
const DRAIN_MS = 20 * 60_000;

type Kind = 'launch' | 'round' | 'round with recording' | 'feedback' | 'set step' | 'sync pull';
/** Out of 20 requests. */
const MIX: [Kind, number][] = [
  ['launch', 2],
  ['round', 4],
  ['round with recording', 4],
  ['feedback', 4],
  ['set step', 3],
  ['sync pull', 3],
];

interface Person {
  userId: string;
  course: number;
  role: 'learner' | 'instructor';
  session: string;
  linkKey: string;
  device: string | null;
}

/** What the users were told was done (a 2xx), to look for afterwards. */
interface Acknowledged {
  rounds: Set<string>;
  recordings: Map<string, number>;
  feedback: Set<string>;
  steps: Set<string>;
}

export interface SoakResult {
  minutes: number;
  killedAtS: number;
  figures: KindFigures[];
  /** Non-2xx answers before the kill, within 5 s after it, and after that. */
  errors: { before: number; atKill: number; after: number };
  /** 2xx answers after the kill (the survivor serving). */
  servedAfterKill: number;
  droppedByKilled: number;
  checks: { what: string; expected: number; found: number }[];
  scores: {
    queued: number;
    received: number;
    duplicates: number;
    failed: number;
    drainS: number;
    /** Gradebook columns the tool created, and how many activities there are (one each expected). */
    lineItems: number;
    activities: number;
  };
}

const courseId = (course: number) => `soak-course-${course}`;

async function seatPeople(pair: ToolPair, platform: FakePlatform, lineItemsUrl: string, moduleId: string) {
  const people: Person[] = [];
  for (let course = 0; course < COURSES; course += 1) {
    const members = [
      { userId: `soak-coach-${course}`, role: 'instructor' as const },
      ...Array.from({ length: TRAINEES_PER_COURSE }, (_, i) => ({
        userId: `soak-trainee-${course}-${i}`,
        role: 'learner' as const,
      })),
    ];
    for (const [i, member] of members.entries()) {
      const bootstrap = await launchModule(platform, pair.origin, {
        ...member,
        name: member.userId,
        course: courseId(course),
        link: `soak-link-${course}`,
        module: moduleId,
        lineItemsUrl,
      });
      const device =
        member.role === 'learner' && i % DEVICE_EVERY === 0
          ? await pairExtension(pair.origin, bootstrap.sessionToken)
          : null;
      people.push({
        ...member,
        course,
        session: bootstrap.sessionToken,
        linkKey: bootstrap.activity!.linkKey,
        device,
      });
    }
  }
  return people;
}

function parseOrText(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text; // a balancer's or proxy's plain-text error
  }
}

async function call(
  url: string,
  token: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: parseOrText(text) };
}

function soakActions(
  pair: ToolPair,
  platform: FakePlatform,
  people: Person[],
  moduleId: string,
  lineItemsUrl: string,
  criteria: number,
  acknowledged: Acknowledged,
) {
  const trainees = people.filter((person) => person.role === 'learner');
  const coaches = people.filter((person) => person.role === 'instructor');
  const withDevice = trainees.filter((person) => person.device !== null);
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  const selfAssessment = Array.from({ length: criteria }, (_, i) => (i % 2 ? 'not-yet' : 'secure')) as (
    'secure' | 'not-yet'
  )[];
  const submit = async (trainee: Person, audioId: string | null) => {
    const sent = aRound(trainee.linkKey, { audioId, selfAssessment });
    const answer = await call(`${pair.origin}${PRACTICE_API.rounds}`, trainee.session, { body: sent });
    if (answer.status === 201 || answer.status === 200) acknowledged.rounds.add(sent.id);
    return answer.status;
  };
  const run: Record<Kind, () => Promise<number>> = {
    launch: async () => {
      const person = pick(people);
      const outcome = await platform.launch(pair.origin, {
        userId: person.userId,
        claims: moduleClaims({
          userId: person.userId,
          name: person.userId,
          role: person.role,
          course: courseId(person.course),
          link: `soak-link-${person.course}`,
          module: moduleId,
          lineItemsUrl,
        }),
      });
      if (!outcome.bootstrap) return outcome.status === 200 ? 500 : outcome.status;
      person.session = outcome.bootstrap.sessionToken;
      return outcome.status;
    },
    round: () => submit(pick(trainees), null),
    'round with recording': async () => {
      const trainee = pick(trainees);
      const id = randomUUID();
      const uploaded = await putMedia(
        pair.origin,
        trainee.session,
        id,
        webmBytes(RECORDING_BYTES),
        'audio/webm',
      );
      if (uploaded.status !== 201) return uploaded.status;
      acknowledged.recordings.set(id, uploaded.body.media?.size ?? -1);
      return submit(trainee, id);
    },
    feedback: async () => {
      const coach = pick(coaches);
      const queue = await call(`${pair.origin}${PRACTICE_API.reviewQueue}?limit=10`, coach.session);
      if (queue.status !== 200) return queue.status;
      const items = (queue.body as { items: { roundId: string }[] }).items;
      if (items.length === 0) return 200;
      // Coaches share a course's queue: one of the oldest ten, so two rarely take the same round.
      const roundId = pick(items).roundId;
      const given = await call(`${pair.origin}${PRACTICE_API.roundFeedback(roundId)}`, coach.session, {
        body: aFeedback(Array.from({ length: criteria }, () => 'secure')),
      });
      if (given.status === 201) acknowledged.feedback.add(roundId);
      // Another coach's feedback landed first: the queue was right to refuse the second.
      return given.status === 409 ? 200 : given.status;
    },
    'set step': async () => {
      const coach = pick(coaches);
      const teacher = pick(trainees.filter((person) => person.course === coach.course));
      const change = aSetStepChange(teacher.userId);
      const pushed = await call(`${pair.origin}${API.syncPush}`, coach.session, {
        body: { changes: [change] },
      });
      const result = (pushed.body as { results?: { status: string }[] } | null)?.results?.[0]?.status;
      if (pushed.status === 200 && result === 'applied') acknowledged.steps.add(change.stepId);
      return pushed.status === 200 && result !== 'applied' ? 422 : pushed.status;
    },
    'sync pull': async () =>
      (await call(`${pair.origin}${API.syncPull}?since=0`, pick(withDevice).device!)).status,
  };
  const deck = MIX.flatMap(([kind, weight]) => Array.from({ length: weight }, () => kind));
  return (): Action => {
    const kind = pick(deck);
    return { kind, run: run[kind] };
  };
}

async function count(sequelize: Sequelize, sql: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [rows] = (await sequelize.query(sql, { replacements: { ids } })) as [{ n: string }[], unknown];
  return Number(rows[0]!.n);
}

export async function runSoakBench(minutes = Number(process.env.SOAK_MINUTES ?? 10)): Promise<SoakResult> {
  const cluster = await startPostgresCluster();
  const databases = databasesOn(cluster);
  const platform = await FakePlatform.start('moodle', 'Moodle');
  const port = await freePort();
  const module = loadStarterModules()[0]!;
  const criteria = module.actionStep.successCriteria.length;
  const trainees = Array.from(
    { length: COURSES * TRAINEES_PER_COURSE },
    (_, i) => `soak-trainee-${Math.floor(i / TRAINEES_PER_COURSE)}-${i % TRAINEES_PER_COURSE}`,
  );
  const gradebook = await FakeGradebook.start({
    mode: 'moodle',
    clientId: platform.clientId,
    toolKeysUrl: `http://127.0.0.1:${port}/lti/keys`,
    users: trainees,
  });
  const databaseUrl = await databases.createDatabase('soak');
  let pair: ToolPair | null = null;
  const { database, options } = databaseOptions({ dataDir: '', databaseUrl });
  const sequelize = new Sequelize({ ...options, database, logging: false });
  try {
    pair = await startToolPair('soak', platform, {
      databaseUrl,
      port,
      registration: { ...platform.registration, tokenUrl: gradebook.tokenUrl },
      env: { PAIRING_RATE_LIMIT: '100000', PAIRING_GLOBAL_RATE_LIMIT: '100000' },
    });
    console.log('soak: seating 6 courses…');
    const people = await seatPeople(pair, platform, gradebook.lineItemsUrl, module.id);
    const acknowledged: Acknowledged = {
      rounds: new Set(),
      recordings: new Map(),
      feedback: new Set(),
      steps: new Set(),
    };
    const next = soakActions(
      pair,
      platform,
      people,
      module.id,
      gradebook.lineItemsUrl,
      criteria,
      acknowledged,
    );
    const durationMs = minutes * 60_000;
    const started = performance.now();
    const killAtMs = durationMs / 2;
    const victim = pair.instances[1];
    let killedAt = Number.NaN;
    const killer = (async () => {
      await new Promise((resolve) => setTimeout(resolve, killAtMs));
      const droppedBefore = pair!.proxy.counts.dropped;
      killedAt = performance.now() - started;
      await victim.kill();
      console.log(
        `soak: killed ${victim.name} (pid ${victim.pid}) at ${round(killedAt / 1000)} s (${droppedBefore} dropped before)`,
      );
    })();
    console.log(`soak: ${USERS} users for ${minutes} min; ${victim.name} is killed at ${minutes / 2} min…`);
    const samples: Sample[] = await runUsers(USERS, () =>
      performance.now() - started < durationMs ? next() : null,
    );
    await killer;

    // The grade queue drains on the survivor (the killed one's claims come back when their lease ends).
    const drainStarted = performance.now();
    const pending = async () => {
      const [rows] = (await sequelize.query(
        `SELECT count(*) AS n FROM grade_jobs WHERE status = 'pending'`,
      )) as [{ n: string }[], unknown];
      return Number(rows[0]!.n);
    };
    while ((await pending()) > 0) {
      if (performance.now() - drainStarted > DRAIN_MS) {
        const [left] = await sequelize.query(
          `SELECT attempts, "lastError", min("nextAttemptAt") AS "next", count(*) AS n FROM grade_jobs
           WHERE status = 'pending' GROUP BY attempts, "lastError" ORDER BY n DESC LIMIT 5`,
        );
        throw new Error(`the grade queue did not drain in ${DRAIN_MS / 60_000} min: ${JSON.stringify(left)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const drainS = (performance.now() - drainStarted) / 1000;

    const rounds = [...acknowledged.rounds];
    const recordings = [...acknowledged.recordings.keys()];
    const checks = [
      {
        what: 'rounds answered 201/200 stored',
        expected: rounds.length,
        found: await count(sequelize, `SELECT count(*) AS n FROM practice_rounds WHERE id IN (:ids)`, rounds),
      },
      {
        what: 'recordings answered 201 stored, their bytes kept',
        expected: recordings.length,
        found: await count(
          sequelize,
          `SELECT count(*) AS n FROM media_files WHERE id IN (:ids) AND "blobKey" IS NOT NULL`,
          recordings,
        ),
      },
      {
        what: 'feedback answered 201 stored on its round',
        expected: acknowledged.feedback.size,
        found: await count(
          sequelize,
          `SELECT count(*) AS n FROM practice_rounds WHERE id IN (:ids) AND reviewed`,
          [...acknowledged.feedback],
        ),
      },
      {
        what: 'steps applied by sync push stored',
        expected: acknowledged.steps.size,
        found: await count(sequelize, `SELECT count(*) AS n FROM action_steps WHERE id IN (:ids)`, [
          ...acknowledged.steps,
        ]),
      },
    ];
    // Every recording's bytes, read back through the survivor (the balancer skips the dead one).
    const owner = new Map<string, string>();
    const sample = recordings.slice(0, 200);
    const [owners] = (await sequelize.query(`SELECT id, "ownerId" FROM media_files WHERE id IN (:ids)`, {
      replacements: { ids: sample.length ? sample : [''] },
    })) as [{ id: string; ownerId: string }[], unknown];
    for (const row of owners) owner.set(row.id, row.ownerId);
    let readable = 0;
    for (const id of sample) {
      const person = people.find((p) => p.userId === owner.get(id));
      if (!person) continue;
      const response = await fetch(`${pair.origin}${PRACTICE_API.mediaItem(id)}`, {
        headers: { authorization: `Bearer ${person.session}` },
      });
      const bytes = (await response.arrayBuffer()).byteLength;
      if (response.status === 200 && bytes === acknowledged.recordings.get(id)) readable += 1;
    }
    checks.push({ what: 'recordings read back whole (first 200)', expected: sample.length, found: readable });

    // Scores: each job the tool marked sent reached the gradebook once.
    const [jobs] = (await sequelize.query(`SELECT "userId", score, status FROM grade_jobs`)) as [
      { userId: string; score: { gradingProgress: string }; status: string }[],
      unknown,
    ];
    const keyOf = (userId: string, progress: string) => `${userId}|${progress}`;
    const expected = new Map<string, number>();
    for (const job of jobs.filter((j) => j.status === 'sent')) {
      const key = keyOf(job.userId, job.score.gradingProgress);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const received = new Map<string, number>();
    for (const score of gradebook.scores) {
      const key = keyOf(score.userId, score.gradingProgress);
      received.set(key, (received.get(key) ?? 0) + 1);
    }
    let duplicates = 0;
    for (const [key, n] of received) duplicates += Math.max(0, n - (expected.get(key) ?? 0));
    checks.push({
      what: 'scores queued and marked sent that the gradebook received',
      expected: jobs.filter((j) => j.status === 'sent').length,
      found: [...expected].reduce((sum, [key, n]) => sum + Math.min(n, received.get(key) ?? 0), 0),
    });

    const killedAtMs = killedAt;
    const bad = (s: Sample) => s.status < 200 || s.status >= 300;
    const errors = {
      before: samples.filter((s) => bad(s) && s.at < killedAtMs).length,
      atKill: samples.filter((s) => bad(s) && s.at >= killedAtMs && s.at < killedAtMs + 5000).length,
      after: samples.filter((s) => bad(s) && s.at >= killedAtMs + 5000).length,
    };
    const result: SoakResult = {
      minutes,
      killedAtS: killedAtMs / 1000,
      figures: figuresByKind(samples),
      errors,
      servedAfterKill: samples.filter((s) => !bad(s) && s.at > killedAtMs).length,
      droppedByKilled: pair.proxy.counts.dropped,
      checks,
      scores: {
        queued: jobs.length,
        received: gradebook.scores.length,
        duplicates,
        failed: jobs.filter((j) => j.status === 'failed').length,
        drainS,
        lineItems: gradebook.lineItems.length,
        activities: COURSES,
      },
    };
    const failures = checks.filter((check) => check.found !== check.expected);
    if (failures.length > 0 || duplicates > 0 || result.servedAfterKill === 0)
      throw new Error(`soak checks failed: ${JSON.stringify({ failures, duplicates, result }, null, 2)}`);
    return result;
  } finally {
    await sequelize.close();
    await pair?.stop();
    await gradebook.close();
    await platform.close();
    await databases.stop();
  }
}

/** ": feedback 502 ×1, …", or nothing when every answer was 2xx. */
function statusList(figures: readonly KindFigures[]): string {
  const errors = figures.flatMap((f) =>
    Object.entries(f.errorStatuses).map(
      ([status, n]) => `${f.kind} ${status === '0' ? 'no answer' : status} ×${n}`,
    ),
  );
  return errors.length ? ` (${errors.join(', ')})` : '';
}

export function renderSoakSection(result: SoakResult): string {
  const total = result.figures.reduce((sum, f) => sum + f.count, 0);
  const errors = result.figures.reduce((sum, f) => sum + f.errors, 0);
  const rows = result.figures
    .map((f) => `| ${f.kind} | ${f.count.toLocaleString('en-GB')} | ${f.errors} | ${f.p50} | ${f.p95} |`)
    .join('\n');
  const checks = result.checks
    .map((c) => `| ${c.what} | ${c.expected.toLocaleString('en-GB')} | ${c.found.toLocaleString('en-GB')} |`)
    .join('\n');
  return `${SOAK_SECTION_TITLE}

\`npm run bench -- --only soak\` (\`SOAK_MINUTES\` to change its length). Two of our tool's processes on one PostgreSQL 15
behind the round-robin balancer (as in the scale section), a Moodle-like LMS with its gradebook (scores go through the
tool's queue), ${COURSES} courses of a coach and ${TRAINEES_PER_COURSE} trainees (one in ${DEVICE_EVERY} with a paired extension), and ${USERS} users at
once with no think time for ${result.minutes} minutes, each request one of: a launch, a practice round, a round with a
${RECORDING_BYTES / 1024} kB recording uploaded first, a coach's feedback on a round from their review queue, a coach setting a step
(sync push), an extension pulling. The second instance was killed with SIGKILL at ${round(result.killedAtS)} s.

${total.toLocaleString('en-GB')} requests, ${errors} answered other than 2xx: ${result.errors.before} before the kill, ${result.errors.atKill} within 5 s of it
(the balancer answered 502 for ${result.droppedByKilled} requests an instance dropped), ${result.errors.after} after${statusList(result.figures)}.
The survivor answered ${result.servedAfterKill.toLocaleString('en-GB')} requests 2xx after the kill.

| request | count | not 2xx | p50 ms | p95 ms |
| --- | --- | --- | --- | --- |
${rows}

**Checked afterwards** (the bench fails if any differs):

| what | answered 2xx | found |
| --- | --- | --- |
${checks}

Scores: ${result.scores.queued.toLocaleString('en-GB')} queued, ${result.scores.received.toLocaleString('en-GB')} received by the gradebook, **${result.scores.duplicates} sent twice**,
${result.scores.failed} failed; ${result.scores.lineItems} gradebook columns for ${result.scores.activities} activities; the queue was empty ${round(result.scores.drainS)} s after the load ended (a killed sender's claimed
jobs come back when their 2-minute claim ends, and a user's later scores wait behind them).

**What the soak found, and what changed** (issue 15; lti-tool/grades/grade-service.ts, db/repositories/grade-jobs.ts).
The first runs, 1 and 1.5 minutes long, failed: (1) the queue sent at most 20 scores per 5-second tick per
instance, so a minute of a busy programme (about 4,000 scores) left 2,163 still waiting 7 minutes later; a run now
claims batch after batch until nothing is due. (2) Then 1 score reached the gradebook twice (the killed instance had
posted it but not recorded it; another sent it again after the lease) and 2 were refused as failed (Moodle's 409:
both instances sent scores for one user at once and chose the same timestamp). Now a user's scores on an activity go
oldest first, one at a time (so two instances never race, and a retried Submitted never lands after its
FullyGraded), and a re-send carries its first attempt's timestamp, which the LMS refuses as not newer (409, taken as
delivered) or, per the AGS rule on timestamps, does not apply twice. Both are tests in \`npm test\`
(tests/integration/lti-tool/grades.test.ts, and grades-crash.test.ts with a real process killed while its score is
with the LMS).
`;
}
