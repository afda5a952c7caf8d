/**
 * The coach's caseload (`GET /api/caseload`) with a database that has been in use for a year:
 * 200 teachers in the coach's course and 50,000 observations and coaching conversations across
 * 51 courses, on SQLite and on PostgreSQL, in our tool in its own process (production settings).
 * Real launches put the coach and the teachers on the roster and a few conversations go through
 * `PUT /api/conversations/:id` (they set steps and check-backs); the rest is bulk-inserted
 * (caseload-seed.ts). Reported beside the same process's /healthz, and again at a tenth of the
 * data: full ÷ tenth is how the call's cost grows with the data.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { JWTPayload } from 'jose';
import { contextKeyOf } from '../../lti-tool/core/link-keys.ts';
import { openSequelize } from '../../lti-tool/db/sequelize.ts';
import { dayOf } from '../../shared/domain/coaching/calendar-days.ts';
import type { ConversationInput } from '../../shared/domain/coaching/cycle.ts';
import { CYCLE_API, type CaseloadResponse } from '../../shared/protocol/cycle-api.ts';
import { startPostgres, type TestPostgres } from '../harness/postgres.ts';
import { insertCycleRecords, type SeedCourse } from './caseload-seed.ts';
import { percentile } from './launch-load.ts';
import { round } from './stats.ts';
import { withOurTool } from './with-our-tool.ts';

export const CASELOAD_SECTION_TITLE = '## Coaching cycle: caseload API';

const TEACHERS = 200;
/** Observations + conversations in the whole database at full size… */
const RECORDS = 50_000;
/** …of which the coach's course holds this many (about 5 + 5 per teacher)… */
const IN_COURSE = 2_000;
/** …and these other courses the rest, each with this many teachers. */
const OTHER_COURSES = 50;
const OTHER_TEACHERS = 40;
/** Conversations saved through the API (each sets a step with a check-back day). */
const VIA_API = 20;
/** How far back the records go. */
const DAYS = 300;

type Database = 'SQLite' | 'PostgreSQL';

interface CaseloadRun {
  database: Database;
  engine: string;
  /** 1 or 0.1 of the data. */
  scale: number;
  observations: number;
  conversations: number;
  inCourse: number;
  launchS: number;
  insertS: number;
  entries: number;
  withObservation: number;
  withStep: number;
  bytes: number;
  caseload: number[];
  healthz: number[];
}

async function timed(url: string, token?: string): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return { ms, text };
}

/** Runs `work` over `items` with `concurrency` workers: seeding stays quick without swamping 2 cores. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A conversation held today that secures the teacher's step and sets the next, checked back on in `days`. */
function todaysConversation(teacherId: string, days: number): ConversationInput {
  return {
    teacherId,
    observationId: null,
    targetPerformance: 'Pupils start work promptly after the transition',
    praise: [{ text: 'Your countdown had a clear pause at 3', criterion: null }],
    probingQuestions: ['What did the pupils at the back do at 1?'],
    model: { kind: 'own', form: 'performance', description: 'I modelled the countdown with narration' },
    step: {
      decision: 'next',
      fromModule: null,
      step: {
        goal: 'Pupils start work promptly after the transition',
        title: 'Narrate the positive during the countdown',
        what: 'Count down from 5; name two pupils who are ready before 3.',
        successCriteria: ['Countdown from 5 with a pause', 'Two names by 3'],
        whenToPractise: 'Period 3, after lunch',
        why: 'Naming what is right spreads it faster than correcting what is wrong.',
      },
    },
    rounds: [{ criteria: [{ criterion: 'Two names by 3', mark: 'secure' }], feedback: 'Both names by 3' }],
    checkBackOn: dayOf(new Date(Date.now() + days * 86_400_000)),
  };
}

async function runOne(
  database: Database,
  scale: number,
  samples: number,
  databaseUrl?: string,
): Promise<CaseloadRun> {
  return withOurTool(
    'caseload',
    async (tool, platform) => {
      const launch = async (userId: string, name: string) => {
        const outcome = await platform.launch(tool.origin, {
          userId,
          claims: (claims: JWTPayload) => ({ ...claims, name }),
        });
        if (!outcome.bootstrap) throw new Error(`launch of ${userId} failed: ${outcome.status}`);
        return outcome.bootstrap.sessionToken;
      };
      const launchStarted = performance.now();
      const coach = await launch('instructor-1', 'Ida Instructor');
      const teacherIds = Array.from({ length: TEACHERS }, (_, i) => `learner-${String(i).padStart(3, '0')}`);
      await inParallel(teacherIds, 4, async (teacherId) => {
        await launch(teacherId, `Teacher ${teacherId.slice(-3)}`);
      });
      // Every tenth teacher has had a conversation today, through the API: it sets their step.
      const viaApi = teacherIds.filter((_, i) => i % (TEACHERS / VIA_API) === 0);
      await inParallel(viaApi, 4, async (teacherId) => {
        const id = randomUUID();
        const response = await fetch(`${tool.origin}${CYCLE_API.conversation(id)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${coach}` },
          body: JSON.stringify({
            changeId: randomUUID(),
            baseVersion: 0,
            record: todaysConversation(teacherId, Number(teacherId.slice(-3)) % 10),
          }),
        });
        if (response.status !== 200)
          throw new Error(`conversation answered ${response.status}: ${await response.text()}`);
      });
      const launchS = (performance.now() - launchStarted) / 1000;

      // The rest straight into the tool's database, keyed as the launches keyed the coach's course.
      const insertStarted = performance.now();
      const sequelize = await openSequelize({ dataDir: tool.dataDir, databaseUrl: databaseUrl ?? null });
      let engine: string;
      let counts: { observations: number; conversations: number };
      try {
        const [contexts] = (await sequelize.query('SELECT "key", "tenant" FROM "coaching_contexts"')) as [
          { key: string; tenant: string }[],
          unknown,
        ];
        if (contexts.length !== 1) throw new Error(`expected one course, found ${contexts.length}`);
        const { key: contextKey, tenant } = contexts[0]!;
        const [members] = (await sequelize.query(
          `SELECT COUNT(*) AS "n" FROM "coaching_members" WHERE "contextKey" = ? AND "role" = 'teacher'`,
          { replacements: [contextKey] },
        )) as [{ n: number | string }[], unknown];
        if (Number(members[0]!.n) !== TEACHERS)
          throw new Error(`expected ${TEACHERS} teachers on the roster, found ${members[0]!.n}`);
        const others: SeedCourse[] = Array.from({ length: OTHER_COURSES }, (_, c) => ({
          tenant,
          contextKey: contextKeyOf(tenant, `other-course-${c}`),
          coachId: `instructor-other-${c}`,
          teacherIds: Array.from({ length: OTHER_TEACHERS }, (_, t) => `learner-${c}-${t}`),
          records: Math.round(((RECORDS - IN_COURSE) * scale) / OTHER_COURSES),
        }));
        const course: SeedCourse = {
          tenant,
          contextKey,
          coachId: 'instructor-1',
          teacherIds,
          records: Math.round(IN_COURSE * scale) - VIA_API,
        };
        counts = await insertCycleRecords(sequelize, [course, ...others], { now: new Date(), days: DAYS });
        counts.conversations += VIA_API;
        if (database === 'PostgreSQL') {
          // Autovacuum would get to the new rows within a minute or so; do it now so every run plans
          // alike (statistics) and reads alike (the visibility map lets index-only scans skip the heap).
          await sequelize.query('VACUUM (ANALYZE) "observations", "conversations"');
          const [[version]] = (await sequelize.query(`SELECT current_setting('server_version') AS "v"`)) as [
            { v: string }[],
            unknown,
          ];
          engine = `PostgreSQL ${version!.v.split(' ')[0]}`;
        } else {
          const [[version]] = (await sequelize.query('SELECT sqlite_version() AS "v"')) as [
            { v: string }[],
            unknown,
          ];
          engine = `SQLite ${version!.v}`;
        }
      } finally {
        await sequelize.close();
      }
      const insertS = (performance.now() - insertStarted) / 1000;

      const caseloadUrl = `${tool.origin}${CYCLE_API.caseload}`;
      const healthzUrl = `${tool.origin}/healthz`;
      const first = await timed(caseloadUrl, coach);
      const body = JSON.parse(first.text) as CaseloadResponse;
      // Warm-up, then interleaved samples so drift hits both alike.
      for (let i = 0; i < 10; i += 1) {
        await timed(caseloadUrl, coach);
        await timed(healthzUrl);
      }
      const caseload: number[] = [];
      const healthz: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        caseload.push((await timed(caseloadUrl, coach)).ms);
        healthz.push((await timed(healthzUrl)).ms);
      }
      return {
        database,
        engine,
        scale,
        ...counts,
        inCourse: Math.round(IN_COURSE * scale),
        launchS,
        insertS,
        entries: body.teachers.length,
        withObservation: body.teachers.filter((t) => t.lastObservationAt !== null).length,
        withStep: body.teachers.filter((t) => t.step !== null).length,
        bytes: Buffer.byteLength(first.text),
        caseload,
        healthz,
      };
    },
    { databaseUrl },
  );
}

export async function runCaseloadBench(options: { samples?: number } = {}): Promise<CaseloadRun[]> {
  const samples = options.samples ?? 200;
  const runs: CaseloadRun[] = [];
  for (const scale of [1, 0.1]) runs.push(await runOne('SQLite', scale, samples));
  let pg: TestPostgres | null = null;
  try {
    pg = await startPostgres();
    for (const scale of [1, 0.1]) {
      const url = await pg.createDatabase(scale === 1 ? 'caseload_full' : 'caseload_tenth');
      runs.push(await runOne('PostgreSQL', scale, samples, url));
    }
  } finally {
    await pg?.stop();
  }
  return runs;
}

export function renderCaseloadSection(runs: readonly CaseloadRun[]): string {
  const n = (value: number) => value.toLocaleString('en-GB');
  const ratio = (a: number, b: number) => `${round(a / Math.max(b, 0.001), 2)}×`;
  const p = (values: number[], q: number) => percentile(values, q);
  const data = (run: CaseloadRun) =>
    `${run.scale === 1 ? 'full' : 'tenth'}: ${n(run.observations + run.conversations)} (${n(run.inCourse)} in the course)`;
  const rows = runs.map(
    (run) =>
      `| ${run.database} | ${data(run)} | ${round(p(run.caseload, 50))} | ${round(p(run.caseload, 95))} | ${round(p(run.healthz, 50))} | ${round(p(run.healthz, 95))} | ${ratio(p(run.caseload, 50), p(run.healthz, 50))} | ${ratio(p(run.caseload, 95), p(run.healthz, 95))} |`,
  );
  const growth = (['SQLite', 'PostgreSQL'] as const).flatMap((database) => {
    const full = runs.find((run) => run.database === database && run.scale === 1);
    const tenth = runs.find((run) => run.database === database && run.scale !== 1);
    if (!full || !tenth) return [];
    // Each run against its own /healthz: drift of the machine between runs cancels out.
    const relative = (run: CaseloadRun) => p(run.caseload, 50) / Math.max(p(run.healthz, 50), 0.001);
    return [
      `| ${database} | ${ratio(p(full.caseload, 50), p(tenth.caseload, 50))} | ${ratio(p(full.caseload, 95), p(tenth.caseload, 95))} | ${ratio(relative(full), relative(tenth))} |`,
    ];
  });
  const seedRows = runs.map(
    (run) =>
      `| ${run.database} (${run.engine}) | ${run.scale === 1 ? 'full' : 'tenth'} | ${n(run.observations)} | ${n(run.conversations)} | ${round(run.launchS)} | ${round(run.insertS)} | ${run.entries} | ${run.withObservation} | ${run.withStep} | ${round(run.bytes / 1024, 1)} |`,
  );
  const full = runs.find((run) => run.scale === 1)!;
  return `${CASELOAD_SECTION_TITLE}

\`GET /api/caseload\` for a coach with ${TEACHERS} teachers in their course, with ${n(RECORDS)} observations and coaching
conversations in the database (full) and with ${n(RECORDS / 10)} (a tenth), on SQLite and on PostgreSQL, our tool in its
own process with production settings (SQLite in a temp folder; PostgreSQL a throwaway cluster of
tests/harness/postgres.ts, default pool). Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}.

How it was seeded, per run: real LTI launches of the coach and the ${TEACHERS} teachers (the course and its roster), then
${VIA_API} conversations held today through \`PUT /api/conversations/:id\` (each secures a step, sets the next and its
check-back day). The other records were inserted straight into \`observations\` and \`conversations\` (multi-row INSERTs
of 500 rows, 10 to a transaction; tests/bench/caseload-seed.ts), every one valid per shared/domain/coaching/cycle.ts,
spread over ${DAYS} days and shuffled across courses: at full size ${n(full.inCourse)} in the coach's course (about 5 observations and 5
conversations per teacher) and the rest in ${OTHER_COURSES} other courses of the same institution (${OTHER_TEACHERS} teachers each). At a tenth,
every count is a tenth: the course holds ${n(full.inCourse / 10)}, so about half its teachers have one observation and one
conversation yet. Practice rounds, check-ins and reflections (also counted by the caseload) are empty in both. The two tables
are \`VACUUM (ANALYZE)\`d on PostgreSQL after the insert (as autovacuum soon would); SQLite gets no ANALYZE (the tool never runs it).

${full.caseload.length} sequential requests each, after 10 warm-ups; baseline: \`/healthz\` of the same process, interleaved.
The coach's caseload lists every teacher (no paging): ${full.entries} entries, ${round(full.bytes / 1024, 1)} kB of JSON at full size.

| database | observations + conversations | caseload p50 ms | p95 ms | /healthz p50 ms | p95 ms | caseload ÷ /healthz, p50 | p95 |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

How the cost grows with the data (10× the records, same roster):

| database | p50 full ÷ tenth | p95 full ÷ tenth | p50 ÷ /healthz p50, full ÷ tenth |
| --- | --- | --- | --- |
${growth.join('\n')}

Why it grows so little: every query the caseload makes is scoped to the course (\`tenant\`, \`contextKey\`) and
grouped by teacher, and the latest observation and conversation per teacher come from the (tenant, contextKey,
teacherId, startedAt|heldAt) indexes of migration 0007, read index-only on both databases, so the rows of the other
${OTHER_COURSES} courses are never visited and the course's own records are a few index pages. Most of the call is fixed work per
teacher on the roster: their rows and steps read into model instances, ${TEACHERS} entries built, sorted and serialised, and
the coach's last look written.

| database | data | observations | conversations | launches + API saves, s | bulk insert, s | entries | with an observation | with a step | JSON kB |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${seedRows.join('\n')}
`;
}
