import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR } from '../e2e/harness/chromium.ts';
import { CASELOAD_SECTION_TITLE, renderCaseloadSection, runCaseloadBench } from './caseload-bench.ts';
import { timeFreshStart } from './fresh-start.ts';
import { LAUNCH_SECTION_TITLE, renderLaunchSection, runLaunchBench } from './launch-bench.ts';
import { LISTS_SECTION_TITLE, renderListsSection, runListsBench } from './lists-bench.ts';
import { PAGES_SECTION_TITLE, renderPagesSection, runPagesBench } from './practice-pages-bench.ts';
import {
  PAGE_HEIGHTS_SECTION_TITLE,
  renderPageHeightsSection,
  runPageHeightsBench,
} from './page-heights-bench.ts';
import { extractSection, spliceSection } from './report-sections.ts';
import {
  REVIEW_QUEUE_SECTION_TITLE,
  renderReviewQueueSection,
  runReviewQueueBench,
} from './review-queue-bench.ts';
import { measureOverlayCost } from './overlay-cost.ts';
import { PROGRAMME_SECTION_TITLE, renderProgrammeSection, runProgrammeBench } from './programme-bench.ts';
import { SCALE_SECTION_TITLE, renderScaleSection, runScaleBench } from './scale-bench.ts';
import { SOAK_SECTION_TITLE, renderSoakSection, runSoakBench } from './soak-bench.ts';
import { HEAVY_PAGE_SECTION_TITLE, renderHeavyPageSection, runHeavyPageBench } from './heavy-page-cost.ts';
import { SW_START_SECTION_TITLE, renderSwStartSection, runSwStartBench } from './service-worker-start.ts';
import {
  TRAINING_ROOM_SECTION_TITLE,
  renderTrainingRoomSection,
  runTrainingRoomBench,
} from './training-room-bench.ts';
import { filesIn, gzipKb } from './sizes.ts';
import { median, round } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = 7;
const skipFresh = process.argv.includes('--skip-fresh-start');
const skipLaunch = process.argv.includes('--skip-launch');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
const REPORT = path.join(ROOT, 'BENCHMARKS.md');
const START_UP_TITLE = '## Start-up';

/** Sections that can be measured on their own (`--only <name>`), each kept in BENCHMARKS.md by its title. */
const PARTS = {
  launch: { title: LAUNCH_SECTION_TITLE, run: async () => renderLaunchSection(await runLaunchBench()) },
  pages: { title: PAGES_SECTION_TITLE, run: async () => renderPagesSection(await runPagesBench(RUNS)) },
  'review-queue': {
    title: REVIEW_QUEUE_SECTION_TITLE,
    run: async () => renderReviewQueueSection(await runReviewQueueBench()),
  },
  lists: {
    title: LISTS_SECTION_TITLE,
    run: async () => renderListsSection(await runListsBench()),
  },
  'training-room': {
    title: TRAINING_ROOM_SECTION_TITLE,
    run: async () => renderTrainingRoomSection(await runTrainingRoomBench()),
  },
  'heavy-page': {
    title: HEAVY_PAGE_SECTION_TITLE,
    run: async () => renderHeavyPageSection(await runHeavyPageBench(9)),
  },
  'sw-start': {
    title: SW_START_SECTION_TITLE,
    run: async () => renderSwStartSection(await runSwStartBench(9)),
  },
  caseload: {
    title: CASELOAD_SECTION_TITLE,
    run: async () => renderCaseloadSection(await runCaseloadBench()),
  },
  heights: {
    title: PAGE_HEIGHTS_SECTION_TITLE,
    run: async () => renderPageHeightsSection(await runPageHeightsBench()),
  },
  programme: {
    title: PROGRAMME_SECTION_TITLE,
    run: async () => renderProgrammeSection(await runProgrammeBench()),
  },
  scale: {
    title: SCALE_SECTION_TITLE,
    run: async () => renderScaleSection(await runScaleBench()),
  },
  soak: {
    title: SOAK_SECTION_TITLE,
    run: async () => renderSoakSection(await runSoakBench()),
  },
} as const;
type PartName = keyof typeof PARTS;
const isPart = (name: string | undefined): name is PartName => name !== undefined && name in PARTS;

if (onlyIndex >= 0) {
  if (!isPart(only)) {
    console.error(`--only takes one of ${Object.keys(PARTS).join(', ')} (got ${only ?? 'nothing'})`);
    process.exit(2);
  }
  // Just that section: rewritten in place, every other section of BENCHMARKS.md kept.
  if (only === 'pages' || only === 'heights')
    execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'ignore' });
  const section = await PARTS[only].run();
  const existing = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '# Benchmarks\n';
  writeFileSync(REPORT, spliceSection(existing, PARTS[only].title, section));
  console.log(section);
  process.exit(0);
}

execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const contentScript = gzipKb(path.join(EXTENSION_DIR, 'content-scripts/lesson-plan.js'));
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
| then \`npm start\` (builds pages, extension and server) until \`/healthz\` answers | ${fresh ? `${round(fresh.startS)} s` : '–'} |
| total, install start → healthy | ${fresh ? `${round(fresh.totalS)} s` : '–'} |

## Size (gzip -9)

| file | kB |
| --- | --- |
| extension content script (\`content-scripts/lesson-plan.js\`) | ${round(contentScript)} |
| LTI pages, all JS chunks together (per page: see below) | ${round(webJs)} |

## Overlay on a Google Docs-like page (Trusted Types CSP)

| measure | with extension | baseline | ratio / difference |
| --- | --- | --- | --- |
| main-thread script time (CDP ScriptDuration), ms | ${round(withScript)} | ${round(baseScript)} | ${round(withScript / Math.max(baseScript, 0.001), 2)}× (+${round(withScript - baseScript)} ms) |
| long tasks (> 50 ms) | ${median(cost.withExtension.map((s) => s.longTasks))} | ${median(cost.baseline.map((s) => s.longTasks))} | +${addedLongTasks} |
| navigation start → overlay visible, ms | ${round(overlayMs)} | – | – |

Samples (script ms with / without): ${cost.withExtension.map((s) => round(s.scriptMs)).join(', ')} / ${cost.baseline.map((s) => round(s.scriptMs)).join(', ')}.
Overlay visible samples (ms): ${cost.withExtension.map((s) => round(s.overlayMs ?? Number.NaN)).join(', ')}.
`;
const previous = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
let full = report;
for (const name of Object.keys(PARTS) as PartName[]) {
  const part = PARTS[name];
  let section: string | null;
  if (name === 'launch' && skipLaunch) {
    // Keep the last measured section rather than dropping it.
    section = extractSection(previous, part.title);
  } else {
    console.log(`measuring ${name}…`);
    section = await part.run();
  }
  if (section) full = spliceSection(full, part.title, section);
}
if (skipFresh) {
  // Keep the last measured start-up rather than a row of dashes.
  const startUp = extractSection(previous, START_UP_TITLE);
  if (startUp) full = spliceSection(full, START_UP_TITLE, startUp);
}
writeFileSync(REPORT, full);
console.log(full);
