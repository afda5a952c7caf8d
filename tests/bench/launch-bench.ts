/**
 * "LTI launch vs bare ltijs 5.9.9": full launches (login → id_token → first app page) against
 * our tool and a bare ltijs 5.9.9 tool, each in its own process, from one fake Moodle platform
 * in this process. Throughput and latency at 1, 10 and 50 concurrent, platform JWKS fetches,
 * our tool's RSS over a 10,000-launch soak, and CPU profiles of both at 10 concurrent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakePlatform } from '../harness/fake-platform.ts';
import { summariseProfile, type ProfileSummary } from './cpu-profile.ts';
import { launchDriver, type LaunchDriver, type ToolRoutes } from './launch-driver.ts';
import { percentile, runLoad, throughput, type LoadResult } from './launch-load.ts';
import { round } from './stats.ts';
import type { SqlCounts } from './tool-child.ts';
import { startToolProcess, type ToolProcess } from './tool-process.ts';

export const LAUNCH_SECTION_TITLE = '## LTI launch vs bare ltijs 5.9.9';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LEVELS = [1, 10, 50] as const;
/** Per level and tool: this many launches, or this long, whichever ends first. */
const LEVEL_LAUNCHES: Record<(typeof LEVELS)[number], number> = { 1: 300, 10: 800, 50: 1500 };
const LEVEL_MAX_MS = 10_000;
const WARM_UP = { concurrency: 5, launches: 150 };
const PROFILE_RUN = { concurrency: 10, launches: 1000, maxMs: 8000 };
const SOAK = { concurrency: 10, launches: 10_000, every: 1000, maxMs: 240_000 };
/** "Flat": RSS after a full GC at the end of the soak within this much of the same before it. */
const FLAT_MB = 5;
const FLAT_SHARE = 0.05;
/** Other processes using more than this share of the CPU during a level run mark the run as disturbed. */
const DISTURBED = 0.15;

type ToolKey = 'ours' | 'ltijs';

interface Tool {
  key: ToolKey;
  label: string;
  process: ToolProcess;
  driver: LaunchDriver;
  launches: number;
  jwksFetches: number;
  rssStartMb: number;
  rssAfterLevelsMb: number;
}

interface LevelRow {
  result: LoadResult;
  /** The tool process's CPU (user + system, all threads) per launch. */
  cpuMsPerLaunch: number;
  /** This bench process's CPU per launch: HTTP client, RS256 signing, the platform's JWKS. */
  driverCpuMsPerLaunch: number;
  /** Share of the machine's CPU (all cores) busy during the run. */
  machineBusy: number;
  /** The part of that used by kernel threads: disk writeback, ext4 and network work, ours and others'. */
  kernelBusy: number;
  /** The part used by other processes on the machine (neither the tool, this bench nor the kernel). */
  otherBusy: number;
  /** SQL statements the tool sent to SQLite per launch, by verb. */
  sqlPerLaunch: Record<string, number>;
  /** Time from each call into sqlite3 to its callback, summed, per launch. */
  sqlMsPerLaunch: number;
  rssMb: number;
}

/** Busy and total CPU ticks of the whole machine (first line of /proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1, 9) // user nice system idle iowait irq softirq steal (guest time is already in user)
    .map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

/** CPU used so far by kernel threads (children of kthreadd, pid 2), in ms. */
function kernelThreadsMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[1] === '2') total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return total;
}

const driverCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

function perLaunch(before: Record<string, number>, after: Record<string, number>, launches: number) {
  const rates: Record<string, number> = {};
  for (const [verb, count] of Object.entries(after)) {
    const delta = count - (before[verb] ?? 0);
    if (delta > 0) rates[verb] = delta / Math.max(1, launches);
  }
  return rates;
}

/** One timed run of one tool, with what it cost around it. */
interface Round {
  result: LoadResult;
  toolCpuMs: number;
  driverCpuMs: number;
  machineBusyMs: number;
  kernelThreadsMs: number;
  machineTotalMs: number;
  sqlBefore: SqlCounts;
  sqlAfter: SqlCounts;
}

const TICK_MS = 10; // /proc/stat counts in 1/100 s

async function measureRound(
  tool: Tool,
  platform: FakePlatform,
  options: { concurrency: number; launches: number; maxMs: number },
): Promise<Round> {
  const sqlBefore = await tool.process.sqlCounts();
  const cpuBefore = tool.process.cpuMs();
  const driverBefore = driverCpuMs();
  const ticksBefore = machineTicks();
  const kernelBefore = kernelThreadsMs();
  const result = await measured(tool, platform, options);
  const ticksAfter = machineTicks();
  return {
    result,
    toolCpuMs: tool.process.cpuMs() - cpuBefore,
    driverCpuMs: driverCpuMs() - driverBefore,
    machineBusyMs: (ticksAfter.busy - ticksBefore.busy) * TICK_MS,
    kernelThreadsMs: kernelThreadsMs() - kernelBefore,
    machineTotalMs: (ticksAfter.total - ticksBefore.total) * TICK_MS,
    sqlBefore,
    sqlAfter: await tool.process.sqlCounts(),
  };
}

function mergeRounds(rounds: Round[], rssMb: number): LevelRow {
  const sum = (pick: (round: Round) => number) => rounds.reduce((total, round) => total + pick(round), 0);
  const result: LoadResult = {
    concurrency: rounds[0]!.result.concurrency,
    launches: sum((r) => r.result.launches),
    errors: sum((r) => r.result.errors),
    firstError: rounds.find((r) => r.result.firstError)?.result.firstError ?? null,
    wallMs: sum((r) => r.result.wallMs),
    latencies: rounds.flatMap((r) => r.result.latencies),
  };
  const launches = Math.max(1, result.launches);
  const statements: Record<string, number> = {};
  for (const round of rounds) {
    for (const [verb, rate] of Object.entries(
      perLaunch(round.sqlBefore.statements, round.sqlAfter.statements, 1),
    )) {
      statements[verb] = (statements[verb] ?? 0) + rate / launches;
    }
  }
  const machineTotalMs = Math.max(
    1,
    sum((r) => r.machineTotalMs),
  );
  const toolCpuMs = sum((r) => r.toolCpuMs);
  const driverMs = sum((r) => r.driverCpuMs);
  return {
    result,
    cpuMsPerLaunch: toolCpuMs / launches,
    driverCpuMsPerLaunch: driverMs / launches,
    machineBusy: sum((r) => r.machineBusyMs) / machineTotalMs,
    kernelBusy: sum((r) => r.kernelThreadsMs) / machineTotalMs,
    otherBusy:
      Math.max(0, sum((r) => r.machineBusyMs - r.kernelThreadsMs) - toolCpuMs - driverMs) / machineTotalMs,
    sqlPerLaunch: statements,
    sqlMsPerLaunch: sum((r) => r.sqlAfter.ms - r.sqlBefore.ms) / launches,
    rssMb,
  };
}

export interface LaunchBenchResult {
  levels: Record<ToolKey, LevelRow[]>;
  tools: Record<
    ToolKey,
    Pick<Tool, 'label' | 'launches' | 'jwksFetches' | 'rssStartMb' | 'rssAfterLevelsMb'>
  >;
  soak: {
    result: LoadResult;
    rss: { launches: number; mb: number }[];
    /** RSS after a full GC, right before and right after the soak. */
    settled: { beforeMb: number; afterMb: number };
    dbMb: number;
  };
  profiles: Record<ToolKey, { summary: ProfileSummary; result: LoadResult }>;
}

/** 400 people in one course, half instructors (coach page) and half learners (teacher page). */
const userFor = (index: number) => `${index % 2 ? 'learner' : 'instructor'}-${index % 400}`;

const OUR_ROUTES: ToolRoutes = {
  loginPath: '/lti/login',
  launchPath: '/lti/launch',
  isAppPage: (html) => html.includes('<script type="application/json" id="bootstrap">'),
};
const LTIJS_ROUTES: ToolRoutes = {
  loginPath: '/login',
  launchPath: '/',
  isAppPage: (html) => html.includes('Hello, world'),
};

async function measured(
  tool: Tool,
  platform: FakePlatform,
  options: Omit<Parameters<typeof runLoad>[0], 'launch'>,
): Promise<LoadResult> {
  const fetchesBefore = platform.jwksFetches;
  const offset = tool.launches;
  const result = await runLoad({
    ...options,
    launch: (index) => tool.driver.launch(userFor(offset + index)),
  });
  tool.launches += result.launches;
  tool.jwksFetches += platform.jwksFetches - fetchesBefore;
  return result;
}

export async function runLaunchBench(log: (line: string) => void = console.log): Promise<LaunchBenchResult> {
  const platform = await FakePlatform.start('moodle', 'Moodle');
  const profileDir = mkdtempSync(path.join(tmpdir(), 'bench-profiles-'));
  const started: ToolProcess[] = [];
  const drivers: LaunchDriver[] = [];
  try {
    const settings = { registration: platform.registration, deploymentId: platform.deploymentId };
    log(
      'launch: starting our tool and a bare ltijs 5.9.9 tool (each registers the platform: RSA key generation)…',
    );
    const start = async (key: ToolKey, label: string, script: string, routes: ToolRoutes): Promise<Tool> => {
      const child = await startToolProcess(key, path.join(import.meta.dirname, script), settings);
      started.push(child);
      const driver = launchDriver(platform, child.origin, routes);
      drivers.push(driver);
      return {
        key,
        label,
        process: child,
        driver,
        launches: 0,
        jwksFetches: 0,
        rssStartMb: child.rssMb(),
        rssAfterLevelsMb: 0,
      };
    };
    const ours = await start('ours', 'our tool', 'our-tool.ts', OUR_ROUTES);
    const ltijs = await start('ltijs', 'bare ltijs 5.9.9', 'bare-ltijs-tool.ts', LTIJS_ROUTES);
    const tools = [ours, ltijs];

    for (const tool of tools) {
      const warm = await measured(tool, platform, { ...WARM_UP, maxMs: 60_000 });
      log(`launch: ${tool.label} warm-up ${warm.launches} launches, ${warm.errors} errors`);
      if (warm.errors === warm.launches) {
        throw new Error(
          `${tool.label}: every warm-up launch failed: ${warm.firstError}\n${tool.process.logTail()}`,
        );
      }
    }

    const levels: Record<ToolKey, LevelRow[]> = { ours: [], ltijs: [] };
    for (const [i, concurrency] of LEVELS.entries()) {
      // Two rounds each, in A B B A order (flipped per level): a drift in the machine's background
      // load (other processes share these 2 cores) then falls on both tools alike.
      const rounds: Record<ToolKey, Round[]> = { ours: [], ltijs: [] };
      for (const tool of i % 2 ? [ltijs, ours, ours, ltijs] : [ours, ltijs, ltijs, ours]) {
        rounds[tool.key].push(
          await measureRound(tool, platform, {
            concurrency,
            launches: LEVEL_LAUNCHES[concurrency] / 2,
            maxMs: LEVEL_MAX_MS / 2,
          }),
        );
      }
      for (const tool of tools) {
        const row = mergeRounds(rounds[tool.key], tool.process.rssMb());
        levels[tool.key].push(row);
        const { result } = row;
        log(
          `launch: ${tool.label} @${concurrency}: ${round(throughput(result))} launches/s, p50 ${round(percentile(result.latencies, 50))} ms, p95 ${round(percentile(result.latencies, 95))} ms, ${result.errors} errors; CPU: kernel threads ${pct(row.kernelBusy)}, other processes ${pct(row.otherBusy)}`,
        );
      }
    }
    for (const tool of tools) tool.rssAfterLevelsMb = tool.process.rssMb();

    const profiles = {} as LaunchBenchResult['profiles'];
    for (const tool of tools) {
      const file = path.join(profileDir, `${tool.key}.cpuprofile`);
      const result = await tool.process.profile(file, () => measured(tool, platform, PROFILE_RUN));
      profiles[tool.key] = { summary: summariseProfile(file), result };
      log(`launch: profiled ${tool.label} over ${result.launches} launches at 10 concurrent`);
    }

    log(`launch: soak, ${SOAK.launches} launches of our tool at ${SOAK.concurrency} concurrent…`);
    const settledBeforeMb = await ours.process.settledRssMb();
    const rss = [{ launches: 0, mb: ours.process.rssMb() }];
    const soak = await measured(ours, platform, {
      ...SOAK,
      onCompleted(completed) {
        if (completed % SOAK.every === 0) {
          rss.push({ launches: completed, mb: ours.process.rssMb() });
          log(`launch: soak ${completed}: RSS ${round(rss.at(-1)!.mb)} MB`);
        }
      },
    });
    const settledAfterMb = await ours.process.settledRssMb();
    const dbMb = ['coaching.sqlite', 'coaching.sqlite-wal']
      .map((name) => path.join(ours.process.dataDir, name))
      .filter((file) => existsSync(file))
      .reduce((sum, file) => sum + statSync(file).size / 2 ** 20, 0);

    const summary = (tool: Tool) => ({
      label: tool.label,
      launches: tool.launches,
      jwksFetches: tool.jwksFetches,
      rssStartMb: tool.rssStartMb,
      rssAfterLevelsMb: tool.rssAfterLevelsMb,
    });
    return {
      levels,
      tools: { ours: summary(ours), ltijs: summary(ltijs) },
      soak: { result: soak, rss, settled: { beforeMb: settledBeforeMb, afterMb: settledAfterMb }, dbMb },
      profiles,
    };
  } finally {
    for (const driver of drivers) driver.close();
    for (const child of started) await child.stop();
    await platform.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const ms = (value: number) => (Number.isFinite(value) ? `${round(value)}` : '–');
const pct = (share: number) => `${round(share * 100)} %`;
const mb = (value: number) => `${round(value)}`;
const tick = (ok: boolean) => (ok ? 'met' : '**not met**');

function profileTables(summary: ProfileSummary, rows: number): string {
  const modules = summary.byModule
    .slice(0, rows)
    .map((row) => `| ${row.name} | ${round(row.ms)} | ${pct(row.share)} |`);
  const functions = summary.byFunction
    .slice(0, rows)
    .map((row) => `| ${row.name} | ${round(row.ms)} | ${pct(row.share)} |`);
  return `| module (self time) | ms | share of busy |
| --- | --- | --- |
${modules.join('\n')}

| function (self time) | ms | share of busy |
| --- | --- | --- |
${functions.join('\n')}`;
}

export function renderLaunchSection(result: LaunchBenchResult): string {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  const { levels, tools, soak, profiles } = result;
  const ratios = LEVELS.map(
    (_, i) => throughput(levels.ours[i]!.result) / Math.max(throughput(levels.ltijs[i]!.result), 1e-9),
  );
  const p95At10 = percentile(levels.ours[LEVELS.indexOf(10)]!.result.latencies, 95);
  const perThousand = (tool: ToolKey) => (tools[tool].jwksFetches * 1000) / Math.max(1, tools[tool].launches);
  const growth = soak.settled.afterMb - soak.settled.beforeMb;
  const flat = growth <= Math.max(FLAT_MB, soak.settled.beforeMb * FLAT_SHARE);

  const levelTables = LEVELS.map((concurrency, i) => {
    const row = (key: ToolKey, ratio: string) => {
      const { result, cpuMsPerLaunch, driverCpuMsPerLaunch, machineBusy, kernelBusy, otherBusy } =
        levels[key][i]!;
      return `| ${tools[key].label} | ${result.launches} | ${round(throughput(result))} | ${ms(percentile(result.latencies, 50))} | ${ms(percentile(result.latencies, 95))} | ${result.errors} | ${round(cpuMsPerLaunch, 2)} | ${round(driverCpuMsPerLaunch, 2)} | ${pct(machineBusy)} | ${pct(kernelBusy)} | ${pct(otherBusy)} | ${ratio} |`;
    };
    const errors = [levels.ours[i]!, levels.ltijs[i]!]
      .filter((level) => level.result.firstError)
      .map((level) => `First error: ${level.result.firstError}`);
    return `### ${concurrency} concurrent

| tool | launches | launches/s | p50 ms | p95 ms | errors | tool CPU ms/launch | driver CPU ms/launch | machine CPU busy | of it kernel threads | of it other processes | throughput ratio |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${row('ours', `**${round(ratios[i]!, 2)}×**`)}
${row('ltijs', '1×')}
${errors.length ? `\n${errors.join('\n')}\n` : ''}`;
  }).join('\n');

  const at1 = LEVELS.indexOf(1);
  const at10 = LEVELS.indexOf(10);
  const preferred = ['SELECT', 'PRAGMA', 'INSERT', 'UPDATE', 'DELETE', 'BEGIN', 'COMMIT'];
  const verbs = [
    ...new Set((['ours', 'ltijs'] as const).flatMap((key) => Object.keys(levels[key][at10]!.sqlPerLaunch))),
  ].sort((a, b) => (preferred.indexOf(a) + 1 || 99) - (preferred.indexOf(b) + 1 || 99) || a.localeCompare(b));
  const sqlRow = (key: ToolKey, level: number) => {
    const { sqlPerLaunch, sqlMsPerLaunch } = levels[key][level]!;
    const total = Object.values(sqlPerLaunch).reduce((sum, rate) => sum + rate, 0);
    return `| ${tools[key].label} | ${LEVELS[level]} | ${verbs.map((verb) => round(sqlPerLaunch[verb] ?? 0, 1)).join(' | ')} | ${round(total, 1)} | ${round(sqlMsPerLaunch, 2)} |`;
  };

  const others = LEVELS.flatMap((_, i) => [levels.ours[i]!.otherBusy, levels.ltijs[i]!.otherBusy]);
  const disturbance =
    Math.max(...others) > DISTURBED
      ? `**This run was disturbed:** other processes used ${pct(Math.min(...others))}–${pct(Math.max(...others))} of the machine's CPU during the level runs ("other processes" below). Compare ratios and CPU per launch, not absolute rates, or rerun on a quiet machine.\n\n`
      : '';

  const ourProfile = profiles.ours;
  const ltijsProfile = profiles.ltijs;
  const busyPerLaunch = (key: ToolKey) =>
    profiles[key].summary.busyMs / Math.max(1, profiles[key].result.launches);

  return `${LAUNCH_SECTION_TITLE}

Written by \`npm run bench\` (\`npm run bench -- --only launch\` rewrites just this section): commit ${commit},
${new Date().toISOString().slice(0, 10)}, Node ${process.version}, 2 cores. Measurements, not pass/fail checks.

A launch is the whole flow a browser makes: GET login → redirect to the platform → id_token signed for the login's
nonce → POST to the tool → every redirect the tool sends (bare ltijs: \`/?ltik=…\`, followed with its cookies) → the
first app page (ours: the coach or teacher page shell with its bootstrap; ltijs: a hello-world page from
\`onConnect\`). One fake Moodle platform (\`tests/harness/fake-platform.ts\`) signs the tokens and serves the JWKS
from the bench process. Each tool runs in its own \`node --import tsx\` process (from source; \`npm start\` runs the same code built to \`dist/\`), with
\`NODE_ENV=production\` and SQLite in a temp folder; ours logs its JSON line per launch to a file. 400 people in one
course, half instructors, half learners. Closed loop: N workers, each starting its next launch when the last ends;
${LEVEL_LAUNCHES[1]} / ${LEVEL_LAUNCHES[10]} / ${LEVEL_LAUNCHES[50]} launches per tool at 1 / 10 / 50 (or ${LEVEL_MAX_MS / 1000} s), in two rounds per tool run A B B A, after
${WARM_UP.launches} warm-up launches each. The driver (HTTP client, RS256 signing, JWKS server) shares the 2 cores with the
tool under test. "Tool CPU" is the tool process's user + system time (all threads, /proc) per launch; "driver
CPU" the bench process's; "machine CPU busy" is of both cores (/proc/stat), of it "kernel threads" (disk writeback,
ext4 and network work, for the tools' SQLite and log writes and anything else) and "other processes" (anything
else running on the machine: when that is high, the run was disturbed).

${disturbance}| target | measured | |
| --- | --- | --- |
| throughput ≥ 2× bare ltijs, same run | ${LEVELS.map((c, i) => `${round(ratios[i]!, 2)}× at ${c}`).join(', ')} (tool CPU per launch, ltijs ÷ ours, which other load disturbs less: ${LEVELS.map((_, i) => `${round(levels.ltijs[i]!.cpuMsPerLaunch / levels.ours[i]!.cpuMsPerLaunch, 2)}×`).join(', ')}) | ${tick(ratios.every((r) => r >= 2))} |
| p95 ≤ 50 ms at 10 concurrent | ${ms(p95At10)} ms | ${tick(p95At10 <= 50)} |
| RSS flat over ${SOAK.launches.toLocaleString('en-GB')} launches (after a full GC, before → after the soak: growth ≤ ${FLAT_MB} MB or ${FLAT_SHARE * 100} %) | ${mb(soak.settled.beforeMb)} → ${mb(soak.settled.afterMb)} MB (${growth >= 0 ? '+' : ''}${round(growth)} MB) | ${tick(flat)} |
| platform JWKS fetches per 1,000 launches ≤ 1 (keys unchanged) | ${round(perThousand('ours'), 2)} | ${tick(perThousand('ours') <= 1)} |

${levelTables}
### Platform JWKS fetches

| tool | launches (all runs) | JWKS fetches | per 1,000 launches |
| --- | --- | --- | --- |
| ${tools.ours.label} | ${tools.ours.launches} | ${tools.ours.jwksFetches} | ${round(perThousand('ours'), 2)} |
| ${tools.ltijs.label} | ${tools.ltijs.launches} | ${tools.ltijs.jwksFetches} | ${round(perThousand('ltijs'), 2)} |

### SQLite per launch

Counted in each tool process at the sqlite3 driver, so the \`PRAGMA table_info\` Sequelize's SQLite dialect sends
before every SELECT counts too. Every write outside a transaction is its own SQLite commit. "SQLite ms" sums the
time from each call into sqlite3 to its callback: at 1 concurrent that is service time; Sequelize runs a
connection's statements one at a time (\`serialize\`), so at 10 concurrent it also holds the wait in that queue.

| tool | concurrent | ${verbs.join(' | ')} | statements | SQLite ms/launch |
| --- | --- | ${verbs.map(() => '---').join(' | ')} | --- | --- |
${sqlRow('ours', at1)}
${sqlRow('ours', at10)}
${sqlRow('ltijs', at1)}
${sqlRow('ltijs', at10)}

At 10 concurrent, time in SQLite calls (queue included) was ${(['ours', 'ltijs'] as const).map((key) => `${round(levels[key][at10]!.sqlMsPerLaunch)} ms of a mean launch of ${round(mean(levels[key][at10]!.result.latencies))} ms for ${tools[key].label}`).join(', and ')}.

### Memory: our tool over ${SOAK.launches.toLocaleString('en-GB')} launches at ${SOAK.concurrency} concurrent

${soak.result.launches} launches in ${round(soak.result.wallMs / 1000)} s (${round(throughput(soak.result))} launches/s, p50 ${ms(percentile(soak.result.latencies, 50))} ms, p95 ${ms(percentile(soak.result.latencies, 95))} ms, ${soak.result.errors} errors${soak.result.firstError ? `; first: ${soak.result.firstError}` : ''}). RSS of the tool process (VmRSS), sampled under load every ${SOAK.every.toLocaleString('en-GB')} launches (it rises and falls with garbage collection); the soak follows the runs above, so the tool is warm. After a full GC (inspector \`HeapProfiler.collectGarbage\`, outside the load) it was ${mb(soak.settled.beforeMb)} MB before the soak and ${mb(soak.settled.afterMb)} MB after it:

| launches | ${soak.rss.map((sample) => sample.launches).join(' | ')} |
| --- | ${soak.rss.map(() => '---').join(' | ')} |
| RSS MB | ${soak.rss.map((sample) => mb(sample.mb)).join(' | ')} |

RSS after start-up and after the level runs: our tool ${mb(tools.ours.rssStartMb)} → ${mb(tools.ours.rssAfterLevelsMb)} MB,
bare ltijs ${mb(tools.ltijs.rssStartMb)} → ${mb(tools.ltijs.rssAfterLevelsMb)} MB. Our SQLite file (+ WAL) after all runs: ${round(soak.dbMb)} MB.

### Where the time goes (CPU profile at 10 concurrent)

V8 sampling profile of each tool's main thread (inspector, 0.5 ms interval) over a separate run of
${ourProfile.result.launches} (ours) and ${ltijsProfile.result.launches} (ltijs) launches at 10 concurrent, not counted above.
Self time, so a module's row is time spent in its own code. SQLite queries and WebCrypto RSA verification run on
libuv worker threads and appear only in "tool CPU" above, not here.

One launch at 1 concurrent (no queueing), medians and means per launch:

| tool | p50 latency ms | tool CPU ms (all threads) | SQLite call time ms | SQLite statements | driver CPU ms |
| --- | --- | --- | --- | --- | --- |
${(['ours', 'ltijs'] as const)
  .map((key) => {
    const level = levels[key][at1]!;
    const statements = Object.values(level.sqlPerLaunch).reduce((sum, rate) => sum + rate, 0);
    return `| ${tools[key].label} | ${ms(percentile(level.result.latencies, 50))} | ${round(level.cpuMsPerLaunch, 2)} | ${round(level.sqlMsPerLaunch, 2)} | ${round(statements, 1)} | ${round(level.driverCpuMsPerLaunch, 2)} |`;
  })
  .join('\n')}

Our tool: busy ${round(ourProfile.summary.busyMs)} ms of ${round(ourProfile.summary.wallMs)} ms
(${round(busyPerLaunch('ours'), 2)} ms of main-thread JS per launch).

${profileTables(ourProfile.summary, 12)}

Bare ltijs 5.9.9, for comparison: busy ${round(ltijsProfile.summary.busyMs)} ms of ${round(ltijsProfile.summary.wallMs)} ms
(${round(busyPerLaunch('ltijs'), 2)} ms per launch).

${profileTables(ltijsProfile.summary, 8)}
`;
}
