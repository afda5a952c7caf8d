import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR } from '../e2e/harness/chromium.ts';
import { timeFreshStart } from './fresh-start.ts';
import {
  extractLaunchSection,
  renderLaunchSection,
  runLaunchBench,
  spliceLaunchSection,
} from './launch-bench.ts';
import { measureOverlayCost } from './overlay-cost.ts';
import { filesIn, gzipKb } from './sizes.ts';
import { median, round } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = 7;
const skipFresh = process.argv.includes('--skip-fresh-start');
const skipLaunch = process.argv.includes('--skip-launch');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
if (onlyIndex >= 0 && only !== 'launch') {
  console.error(`--only takes "launch" (got ${only ?? 'nothing'})`);
  process.exit(2);
}
const REPORT = path.join(ROOT, 'BENCHMARKS.md');

if (only === 'launch') {
  // Just the launch section: rewritten in place, every other section of BENCHMARKS.md kept.
  const section = renderLaunchSection(await runLaunchBench());
  const existing = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '# Benchmarks\n';
  writeFileSync(REPORT, spliceLaunchSection(existing, section));
  console.log(section);
  process.exit(0);
}

execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const contentScript = gzipKb(path.join(EXTENSION_DIR, 'content-scripts/lesson-plan.js'));
const contentCss = gzipKb(path.join(EXTENSION_DIR, 'content-scripts/lesson-plan.css'));
const webJs = filesIn(path.join(ROOT, '.output/lti-web'), '.js').reduce((sum, file) => sum + gzipKb(file), 0);

console.log('measuring the overlay on the Google Docs fixture…');
const cost = await measureOverlayCost(RUNS);
const withScript = median(cost.withExtension.map((s) => s.scriptMs));
const baseScript = median(cost.baseline.map((s) => s.scriptMs));
const overlayMs = median(cost.withExtension.map((s) => s.overlayMs ?? Number.NaN));
const addedLongTasks =
  median(cost.withExtension.map((s) => s.longTasks)) - median(cost.baseline.map((s) => s.longTasks));

let fresh: Awaited<ReturnType<typeof timeFreshStart>> | null = null;
if (!skipFresh) {
  console.log('timing a fresh clone: npm install && npm start until /healthz…');
  fresh = await timeFreshStart(ROOT);
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
const chromium = execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
  .toString()
  .trim();
const report = `# Benchmarks

Written by \`npm run bench\` (commit ${commit}, ${new Date().toISOString().slice(0, 10)}, ${chromium}, Node ${process.version},
2 cores). Production builds only. Medians of ${RUNS} loads after one warm-up load; baseline = the same fixture page in
the same Chromium build without the extension.

## Start-up

| measure | value |
| --- | --- |
| fresh clone: \`npm install\` | ${fresh ? `${round(fresh.installS)} s` : 'not run (--skip-fresh-start)'} |
| then \`npm start\` (builds pages + extension) until \`/healthz\` answers | ${fresh ? `${round(fresh.startS)} s` : '–'} |
| total, install start → healthy | ${fresh ? `${round(fresh.totalS)} s` : '–'} |

## Size (gzip -9)

| file | kB |
| --- | --- |
| extension content script (\`content-scripts/lesson-plan.js\`) | ${round(contentScript)} |
| extension content script CSS | ${round(contentCss)} |
| LTI pages, all JS chunks (coach + teacher + shared) | ${round(webJs)} |

## Overlay on a Google Docs-like page (Trusted Types CSP)

| measure | with extension | baseline | ratio / difference |
| --- | --- | --- | --- |
| main-thread script time (CDP ScriptDuration), ms | ${round(withScript)} | ${round(baseScript)} | ${round(withScript / Math.max(baseScript, 0.001), 2)}× (+${round(withScript - baseScript)} ms) |
| long tasks (> 50 ms) | ${median(cost.withExtension.map((s) => s.longTasks))} | ${median(cost.baseline.map((s) => s.longTasks))} | +${addedLongTasks} |
| navigation start → overlay visible, ms | ${round(overlayMs)} | – | – |

Samples (script ms with / without): ${cost.withExtension.map((s) => round(s.scriptMs)).join(', ')} / ${cost.baseline.map((s) => round(s.scriptMs)).join(', ')}.
Overlay visible samples (ms): ${cost.withExtension.map((s) => round(s.overlayMs ?? Number.NaN)).join(', ')}.
`;
let launchSection = '';
if (!skipLaunch) {
  console.log('measuring LTI launches against a bare ltijs 5.9.9 tool…');
  launchSection = renderLaunchSection(await runLaunchBench());
} else if (existsSync(REPORT)) {
  // Keep the last measured launch section rather than dropping it.
  launchSection = extractLaunchSection(readFileSync(REPORT, 'utf8')) ?? '';
}
const full = launchSection ? spliceLaunchSection(report, launchSection) : report;
writeFileSync(REPORT, full);
console.log(full);
