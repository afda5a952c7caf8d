/**
 * A national programme's week on the hot paths: 20,000 teachers, 600 coaches, 1,000,000 practice
 * rounds with feedback and 2,000,000 check-ins (programme-seed.ts) in PostgreSQL, two tool
 * instances behind a round-robin balancer (tool-pair.ts), 50 users at once asking for what a
 * week is made of: coaches opening their review queue, teachers' extensions pulling their step,
 * launches into a module activity, and the practice page's first API call. The same at 1/100 in
 * the same run: full ÷ 1/100 is how each request's cost grows with the data (the bar: ≤ 1.5×).
 *
 * Where PostgreSQL spends its time: pg_stat_statements over the full-size load, and for its three
 * heaviest statements (total time) a plan auto_explain logged while the load ran, re-run here with
 * EXPLAIN (ANALYZE, BUFFERS) on the same data.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { JWTPayload } from 'jose';
import { Sequelize } from 'sequelize';
import { tenantKeyOf } from '../../lti-tool/core/link-keys.ts';
import { databaseOptions } from '../../lti-tool/db/sequelize.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { API } from '../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { FakePlatform, ROLES } from '../harness/fake-platform.ts';
import { databasesOn, startPostgresCluster, type PostgresCluster } from '../harness/postgres.ts';
import {
  MODULES_PER_COURSE,
  scaledProgramme,
  seedCoachId,
  seedCourseId,
  seedLinkOf,
  seedProgramme,
  seedTeacherId,
  SCALE_PROGRAMME,
  TEACHERS_PER_COURSE,
  type ProgrammeSeedResult,
  type ProgrammeSize,
} from './programme-seed.ts';
import { pairExtension } from './extension-pairing.ts';
import { round } from './stats.ts';
import { startToolPair, type ToolPair } from './tool-pair.ts';
import { figuresByKind, runUsers, type Action, type KindFigures, type Sample } from './virtual-users.ts';

export const SCALE_SECTION_TITLE = '## A programme at scale: two instances, 50 users at once';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const USERS = 50;
/** Measured requests of each kind per size (after a warm-up of every kind). */
const PER_KIND = 300;
/** Measured in this many blocks per size, the sizes taking turns. */
const BLOCKS = 6;
const COACHES = 25;
const TEACHERS = 100;
const DEVICES = 50;
/** The bar of issue 15: p95 at full size over p95 at 1/100. */
const TARGET_GROWTH = 1.5;
const KINDS = [
  'review queue',
  'extension sync pull',
  'launch',
  'practice page first call',
  'healthz',
] as const;
type Kind = (typeof KINDS)[number];
const n = (value: number) => value.toLocaleString('en-GB');

/** PostgreSQL's own account of the load, and the plans auto_explain logged during it. */
const POSTGRES_SETTINGS = [
  'shared_preload_libraries=pg_stat_statements,auto_explain',
  'compute_query_id=on',
  'pg_stat_statements.track_utility=off',
  'auto_explain.log_min_duration=0',
  'auto_explain.sample_rate=0.05',
  'auto_explain.log_analyze=on',
  'auto_explain.log_buffers=on',
  'auto_explain.log_verbose=on',
  'auto_explain.log_format=text',
  `log_line_prefix='%m [%p] db=%d '`,
];

interface HeavyStatement {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rowsPerCall: number;
  /** Of all statements' execution time over the load. */
  share: number;
  plan: string | null;
}

interface SizeResult {
  label: string;
  size: ProgrammeSize;
  seed: ProgrammeSeedResult;
  figures: KindFigures[];
  wallS: number;
  perInstance: number[];
  heaviest: HeavyStatement[];
}

export interface ScaleResult {
  engine: string;
  /** Load average (1 min) before and after the measured blocks. */
  loadAverage: [number, number];
  sizes: SizeResult[];
}

async function request(url: string, token: string): Promise<number> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

interface Seats {
  coaches: string[];
  teachers: { session: string; linkKey: string }[];
  devices: string[];
}

/** Launches a seeded person into one of their course's module activities; the bootstrap. */
async function launchSeeded(
  pair: ToolPair,
  platform: FakePlatform,
  who: { userId: string; role: 'learner' | 'instructor'; course: number; j: number },
) {
  const link = seedLinkOf(who.course, who.j, loadStarterModules());
  const outcome = await platform.launch(pair.origin, {
    userId: who.userId,
    claims: (claims: JWTPayload) => ({
      ...claims,
      name: who.userId,
      [`${LTI}roles`]: [ROLES[who.role]],
      [`${LTI}context`]: { id: seedCourseId(who.course), title: seedCourseId(who.course) },
      [`${LTI}resource_link`]: { id: link.resourceLinkId, title: 'Module' },
      [`${LTI}custom`]: { activity: 'module', module: link.moduleId },
    }),
  });
  return outcome;
}

/** Spreads `count` picks over `0..n-1` evenly (every n/count-th), so courses across the programme take part. */
const spread = (count: number, n: number) =>
  Array.from({ length: Math.min(count, n) }, (_, i) => Math.floor((i * n) / Math.min(count, n)));

async function seat(pair: ToolPair, platform: FakePlatform, size: ProgrammeSize): Promise<Seats> {
  const courses = Math.ceil(size.teachers / TEACHERS_PER_COURSE);
  const bootstrapOf = async (who: Parameters<typeof launchSeeded>[2]) => {
    const outcome = await launchSeeded(pair, platform, who);
    if (!outcome.bootstrap)
      throw new Error(`launch of ${who.userId}: ${outcome.status} ${outcome.html.slice(0, 200)}`);
    return outcome.bootstrap;
  };
  const coaches: string[] = [];
  for (const course of spread(COACHES, courses)) {
    const bootstrap = await bootstrapOf({
      userId: seedCoachId(course % size.coaches),
      role: 'instructor',
      course,
      j: 0,
    });
    coaches.push(bootstrap.sessionToken);
  }
  const teachers: Seats['teachers'] = [];
  const devices: string[] = [];
  for (const teacher of spread(TEACHERS, size.teachers)) {
    const bootstrap = await bootstrapOf({
      userId: seedTeacherId(teacher),
      role: 'learner',
      course: Math.floor(teacher / TEACHERS_PER_COURSE),
      j: 0,
    });
    teachers.push({ session: bootstrap.sessionToken, linkKey: bootstrap.activity!.linkKey });
    if (devices.length < DEVICES) devices.push(await pairExtension(pair.origin, bootstrap.sessionToken));
  }
  return { coaches, teachers, devices };
}

function actions(pair: ToolPair, platform: FakePlatform, size: ProgrammeSize, seats: Seats) {
  let counter = 0;
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  const run: Record<Kind, () => Promise<number>> = {
    'review queue': () => request(`${pair.origin}${PRACTICE_API.reviewQueue}?limit=25`, pick(seats.coaches)),
    'extension sync pull': () => request(`${pair.origin}${API.syncPull}?since=0`, pick(seats.devices)),
    launch: async () => {
      const teacher = Math.floor(Math.random() * size.teachers);
      const outcome = await launchSeeded(pair, platform, {
        userId: seedTeacherId(teacher),
        role: 'learner',
        course: Math.floor(teacher / TEACHERS_PER_COURSE),
        j: Math.floor(Math.random() * MODULES_PER_COURSE),
      });
      return outcome.bootstrap ? outcome.status : 500;
    },
    'practice page first call': () => {
      const teacher = pick(seats.teachers);
      return request(`${pair.origin}${PRACTICE_API.practice(teacher.linkKey)}`, teacher.session);
    },
    healthz: async () => {
      const response = await fetch(`${pair.origin}/healthz`);
      await response.arrayBuffer();
      return response.status;
    },
  };
  /** Every kind in turn, until each has had `perKind`. */
  return (perKind: number) => {
    const stopAt = counter + perKind * KINDS.length;
    return (): Action | null => {
      if (counter >= stopAt) return null;
      const kind = KINDS[counter++ % KINDS.length]!;
      return { kind, run: run[kind] };
    };
  };
}

interface LoggedPlan {
  /** The statement's text with its values and parameters made alike (as pg_stat_statements shows it). */
  shape: string;
  durationMs: number;
  /** The statement and its plan as executed (EXPLAIN ANALYZE, BUFFERS), column lists left out. */
  text: string;
}

/** A statement's text with literals and parameters as `?`: the same for every call of it. */
const shapeOf = (sql: string) =>
  sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\b(?:true|false)\b/gi, '?')
    .replace(/;\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The plans auto_explain wrote to the server log for `database` (text format). */
function loggedPlans(logFile: string, database: string): LoggedPlan[] {
  const plans: LoggedPlan[] = [];
  const entries = readFileSync(logFile, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
  for (const entry of entries) {
    const match =
      /^\S+ \S+ \S+ \[\d+\] db=(\S*) LOG:\s+duration: ([\d.]+) ms\s+plan:\n\tQuery Text: ([\s\S]*?)\n(\t\S[\s\S]*)$/.exec(
        entry,
      );
    if (!match || match[1] !== database) continue;
    const plan = match[4]!
      .split('\n')
      .map((line) => line.replace(/^\t/, ''))
      .filter((line) => !/^\s*Output: /.test(line))
      .join('\n')
      .trimEnd();
    plans.push({
      shape: shapeOf(match[3]!),
      durationMs: Number(match[2]),
      text: `${match[3]!.replace(/\s+/g, ' ').trim()}\n\n${plan}`,
    });
  }
  return plans;
}

async function heaviestStatements(
  sequelize: Sequelize,
  cluster: PostgresCluster,
  database: string,
): Promise<HeavyStatement[]> {
  const [rows] = (await sequelize.query(
    `SELECT query, calls, total_exec_time AS "totalMs", rows,
       total_exec_time / sum(total_exec_time) OVER () AS share
     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     ORDER BY total_exec_time DESC LIMIT 10`,
  )) as [{ query: string; calls: string; totalMs: number; rows: string; share: number }[], unknown];
  const plans = cluster.logFile ? loggedPlans(cluster.logFile, database) : [];
  return rows.map((row, i) => {
    // The sampled call of median duration: a typical plan, not the luckiest or the unluckiest.
    const samples = plans
      .filter((plan) => plan.shape === shapeOf(row.query))
      .sort((a, b) => a.durationMs - b.durationMs);
    const calls = Number(row.calls);
    return {
      query: row.query.replace(/\s+/g, ' ').trim(),
      calls,
      totalMs: row.totalMs,
      meanMs: row.totalMs / calls,
      rowsPerCall: Number(row.rows) / calls,
      share: row.share,
      plan: i < 3 ? (samples[Math.floor(samples.length / 2)]?.text ?? null) : null,
    };
  });
}

/** A size ready to measure: seeded, its two instances up, its users launched. */
interface PreparedSize {
  label: string;
  size: ProgrammeSize;
  seed: ProgrammeSeedResult;
  database: string;
  sequelize: Sequelize;
  pair: ToolPair;
  load: (perKind: number) => () => Action | null;
  close(): Promise<void>;
}

async function prepareSize(
  cluster: PostgresCluster,
  label: string,
  factor: number,
  name: 'scale_small' | 'scale_full',
): Promise<PreparedSize> {
  const size = factor === 1 ? SCALE_PROGRAMME : scaledProgramme(SCALE_PROGRAMME, factor);
  const databases = databasesOn({ ...cluster, stop: async () => {} });
  const databaseUrl = await databases.createDatabase(name);
  const database = new URL(databaseUrl).pathname.slice(1);
  const platform = await FakePlatform.start('moodle', 'Moodle');
  let pair: ToolPair | null = null;
  const { options } = databaseOptions({ dataDir: '', databaseUrl });
  const sequelize = new Sequelize({ ...options, database, logging: false });
  const close = async () => {
    await sequelize.close();
    await pair?.stop();
    await platform.close();
    await databases.stop();
  };
  try {
    pair = await startToolPair(name.replace('_', '-'), platform, {
      databaseUrl,
      // 50 extensions pair from one address in a minute, on purpose.
      env: { PAIRING_RATE_LIMIT: '100000', PAIRING_GLOBAL_RATE_LIMIT: '100000' },
    });
    const tenant = tenantKeyOf({
      tenant: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId },
    });
    console.log(
      `scale: seeding ${label} (${n(size.teachers)} teachers, ${n(size.rounds)} rounds, ${n(size.checkIns)} check-ins)…`,
    );
    const seed = await seedProgramme(
      sequelize,
      { tenant, issuer: platform.issuer, clientId: platform.clientId, now: new Date() },
      size,
    );
    console.log(
      `scale: seeded in ${round(seed.insertS)} s + VACUUM (ANALYZE) ${round(seed.vacuumS)} s; seating users…`,
    );
    const seats = await seat(pair, platform, size);
    const load = actions(pair, platform, size, seats);
    await runUsers(USERS, load(10));
    await sequelize.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return { label, size, seed, database, sequelize, pair, load, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `factors`: the sizes compared, small then large (a quick look: e.g. 1/100 and 1/50). */
export async function runScaleBench(
  options: { factors?: [small: number, large: number] } = {},
): Promise<ScaleResult> {
  const [smallFactor, largeFactor] = options.factors ?? [1 / 100, 1];
  const cluster = await startPostgresCluster(POSTGRES_SETTINGS);
  const prepared: PreparedSize[] = [];
  try {
    prepared.push(
      await prepareSize(
        cluster,
        smallFactor === 1 / 100 ? '1/100' : `×${smallFactor}`,
        smallFactor,
        'scale_small',
      ),
    );
    prepared.push(
      await prepareSize(cluster, largeFactor === 1 ? 'full' : `×${largeFactor}`, largeFactor, 'scale_full'),
    );
    const [small, full] = prepared as [PreparedSize, PreparedSize];
    await full.sequelize.query('SELECT pg_stat_statements_reset()');
    // Blocks of each size in turn, so drift on a shared 2-core machine falls on both alike.
    const samples = new Map<PreparedSize, Sample[]>(prepared.map((p) => [p, []]));
    const wallMs = new Map<PreparedSize, number>(prepared.map((p) => [p, 0]));
    const sentBefore = new Map(prepared.map((p) => [p, [...p.pair.proxy.counts.sent]]));
    const loadBefore = os.loadavg()[0]!;
    for (let block = 0; block < BLOCKS; block += 1) {
      for (const p of block % 2 ? [full, small] : [small, full]) {
        const started = performance.now();
        samples.get(p)!.push(...(await runUsers(USERS, p.load(PER_KIND / BLOCKS))));
        wallMs.set(p, wallMs.get(p)! + performance.now() - started);
      }
    }
    const loadAfter = os.loadavg()[0]!;
    for (const p of prepared)
      for (const instance of p.pair.instances)
        for (const line of instance.errorLines()) console.error(`${instance.name}: ${line}`);
    const heaviest = await heaviestStatements(full.sequelize, cluster, full.database);
    const [[version]] = (await full.sequelize.query(`SELECT current_setting('server_version') AS "v"`)) as [
      { v: string }[],
      unknown,
    ];
    const resultOf = (p: PreparedSize): SizeResult => {
      const figures = figuresByKind(samples.get(p)!);
      console.log(`scale: ${p.label}: ${figures.map((f) => `${f.kind} p95 ${f.p95} ms`).join(', ')}`);
      return {
        label: p.label,
        size: p.size,
        seed: p.seed,
        figures,
        wallS: wallMs.get(p)! / 1000,
        perInstance: p.pair.proxy.counts.sent.map((sent, i) => sent - sentBefore.get(p)![i]!),
        heaviest: p === full ? heaviest : [],
      };
    };
    return {
      engine: `PostgreSQL ${version!.v.split(' ')[0]}`,
      loadAverage: [loadBefore, loadAfter],
      sizes: [resultOf(full), resultOf(small)],
    };
  } finally {
    for (const p of prepared) await p.close();
    await cluster.stop();
  }
}

/** ", which were: launch 500 ×1 (full)…", or nothing when there were none. */
function errorList(result: ScaleResult): string {
  const errors = result.sizes.flatMap((size) =>
    size.figures.flatMap((f) =>
      Object.entries(f.errorStatuses).map(
        ([status, count]) => `${f.kind} ${status === '0' ? 'no answer' : status} ×${count} (${size.label})`,
      ),
    ),
  );
  return errors.length ? `, which were: ${errors.join(', ')}` : '';
}

export function renderScaleSection(result: ScaleResult): string {
  const [full, small] = result.sizes as [SizeResult, SizeResult];
  const byKind = (sizeResult: SizeResult, kind: string) => sizeResult.figures.find((f) => f.kind === kind)!;
  const rows = KINDS.map((kind) => {
    const f = byKind(full, kind);
    const s = byKind(small, kind);
    const growth = f.p95 / Math.max(s.p95, 0.001);
    const verdict = kind === 'healthz' ? 'baseline' : growth <= TARGET_GROWTH ? 'met' : '**not met**';
    return `| ${kind} | ${f.p50} | ${f.p95} | ${s.p50} | ${s.p95} | ${round(f.p50 / Math.max(s.p50, 0.001), 2)}× | ${round(growth, 2)}× | ${verdict} | ${f.errors + s.errors} |`;
  }).join('\n');
  const seedRow = (r: SizeResult) =>
    `| ${r.label} | ${n(r.seed.teachers)} | ${n(r.seed.coaches)} | ${n(r.seed.rounds)} (${n(r.seed.reviewed)} with feedback) | ${n(r.seed.checkIns)} | ${n(r.seed.conversations)} | ${n(r.seed.steps)} | ${round(r.seed.insertS)} | ${round(r.seed.vacuumS)} |`;
  const top = full.heaviest
    .map(
      (statement) =>
        `| ${round(statement.share * 100)} % | ${n(statement.calls)} | ${round(statement.meanMs, 2)} | ${round(statement.rowsPerCall, 1)} | \`${statement.query.length > 150 ? `${statement.query.slice(0, 150)}…` : statement.query}\` |`,
    )
    .join('\n');
  const heavy = full.heaviest
    .slice(0, 3)
    .map(
      (
        statement,
        i,
      ) => `**${i + 1}. ${round(statement.share * 100)} % of PostgreSQL's execution time** — ${n(statement.calls)} calls, mean ${round(statement.meanMs, 2)} ms, ${round(statement.rowsPerCall, 1)} rows a call:

\`\`\`
${statement.plan ?? `(no plan of it was sampled)\n${statement.query}`}
\`\`\``,
    )
    .join('\n\n');
  return `${SCALE_SECTION_TITLE}

\`npm run bench -- --only scale\`. ${result.engine} (a throwaway cluster: shared_buffers 32 MB, fsync off, with
pg_stat_statements and auto_explain loaded), two of our tool's processes on it with production settings and the default
pool (5 connections each), one DATA_DIR and PUBLIC_URL, behind a round-robin balancer (tests/bench/round-robin-proxy.ts,
what compose.yaml's Caddy does); ${USERS} users at once with no think time, each request in turn one of:
the coach's review queue (\`GET /api/review-queue?limit=25\`, ${COACHES} coaches across the programme), a teacher's extension
pulling its step (\`GET /api/sync/pull?since=0\`, ${DEVICES} paired extensions), a launch (login + signed launch of a random
teacher into one of their course's module activities) and the practice page's first call (\`GET /api/practice/<link>\`,
${TEACHERS} teachers), with \`/healthz\` through the same balancer as the HTTP floor. ${PER_KIND} of each per size after a
warm-up, in ${BLOCKS} blocks per size with the sizes taking turns (both sizes' instances stay up, the one not measured
idle), so drift on the machine falls on both alike; the balancer, the users, the fake LMS, the four tool processes and
PostgreSQL share the 2 cores.

**Data** (tests/bench/programme-seed.ts, written by \`INSERT … SELECT generate_series\` after the tool's migrations):

| size | teachers | coaches | practice rounds | check-ins | conversations | action steps | insert s | VACUUM (ANALYZE) s |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${seedRow(full)}
${seedRow(small)}

**Latency under ${USERS} users** (ms, of the 2xx answers; errors = answers other than 2xx${errorList(result)}):

| request | full p50 | full p95 | 1/100 p50 | 1/100 p95 | growth p50 | growth p95 | ≤ ${TARGET_GROWTH}× | errors |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows}

Wall time of the measured load: full ${round(full.wallS)} s (${round((PER_KIND * KINDS.length) / full.wallS)} requests/s), 1/100 ${round(small.wallS)} s
(${round((PER_KIND * KINDS.length) / small.wallS)} requests/s). Requests per instance: full ${full.perInstance.join(' / ')}, 1/100 ${small.perInstance.join(' / ')}.
Load average (1 min) before → after the measured blocks: ${round(result.loadAverage[0], 2)} → ${round(result.loadAverage[1], 2)}.

**Reading it.** No statement of these requests averages over ${round(Math.max(...full.heaviest.map((h) => h.meanMs)), 2)} ms at full size (below): the milliseconds
are the tool processes' CPU, queued on 2 cores shared with everything else (\`/healthz\` itself has a p95 of
${byKind(full, 'healthz').p95} ms), which is why a size can come out faster than the other. Each request reads one course's or one
person's rows through an index made for it (review queue: keyset on tenant, course, reviewed, submitted, id; sync
pull: the reader's steps after a sequence number; practice page: a trainee's rounds, check-ins and reflections on one
activity, a page at a time), so its work does not grow with the programme. The launch, the one that writes (the
person, the session, ltijs's records), grows most: its statements find fewer of their pages in PostgreSQL's 32 MB of
shared buffers in a database of over 2 GB.

**PostgreSQL's ten heaviest statements at full size** over the measured load (pg_stat_statements, by total execution
time; every one is an index scan of one course's or one person's rows, so none grows with the programme):

| share of execution time | calls | mean ms | rows a call | statement |
| --- | --- | --- | --- | --- |
${top}

**The three heaviest, with their plans** (pg_stat_statements over the measured load, by total execution time;
the plan is auto_explain's EXPLAIN (ANALYZE, BUFFERS) of a call sampled during the load, the one of median duration,\ncolumn lists left out):

${heavy}
`;
}
