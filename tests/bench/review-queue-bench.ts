/**
 * The coach's review queue under a realistic load: 200 trainees and 5,000 submitted rounds in
 * one course, in our tool running in its own process (production settings, SQLite), seeded
 * through the real API after real LTI launches. Reports the queue's latency beside the same
 * process's /healthz, so the ratio shows what the query costs over the HTTP floor.
 */
import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { percentile } from './launch-load.ts';
import { round } from './stats.ts';
import { withOurTool } from './with-our-tool.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export const REVIEW_QUEUE_SECTION_TITLE = '## Review queue API under load';

export interface ReviewQueueResult {
  trainees: number;
  rounds: number;
  seedS: number;
  queue: number[];
  deepPage: number[];
  healthz: number[];
  firstPageItems: number;
  total: number;
}

async function timed(url: string, token?: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const body: unknown = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms, body };
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

export async function runReviewQueueBench(
  options: { trainees?: number; rounds?: number; samples?: number } = {},
): Promise<ReviewQueueResult> {
  const trainees = options.trainees ?? 200;
  const rounds = options.rounds ?? 5000;
  const samples = options.samples ?? 200;
  const module = loadStarterModules()[0]!;
  const criteria = module.actionStep.successCriteria.length;
  return withOurTool('review-queue', async (tool, platform) => {
    const inModule = (claims: JWTPayload): JWTPayload => ({
      ...claims,
      [`${LTI}custom`]: { activity: 'module', module: module.id },
    });
    const launch = async (userId: string) => {
      const outcome = await platform.launch(tool.origin, { userId, claims: inModule });
      if (!outcome.bootstrap) throw new Error(`launch of ${userId} failed: ${outcome.status}`);
      return outcome.bootstrap;
    };
    const seedStarted = performance.now();
    const sessions: { token: string; linkKey: string }[] = [];
    await inParallel(
      Array.from({ length: trainees }, (_, i) => `learner-${i}`),
      4,
      async (userId) => {
        const bootstrap = await launch(userId);
        sessions.push({ token: bootstrap.sessionToken, linkKey: bootstrap.activity!.linkKey });
      },
    );
    const submissions = Array.from({ length: rounds }, (_, i) => sessions[i % sessions.length]!);
    await inParallel(submissions, 4, async (session) => {
      const response = await fetch(`${tool.origin}${PRACTICE_API.rounds}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({
          id: randomUUID(),
          linkKey: session.linkKey,
          rehearsal: { script: 'Eyes on me in three, two, one. Thank you, pens down.', audioId: null },
          selfAssessment: Array.from({ length: criteria }, (_, i) => (i % 2 ? 'not-yet' : 'secure')),
        }),
      });
      if (response.status !== 201)
        throw new Error(`submit answered ${response.status}: ${await response.text()}`);
    });
    const seedS = (performance.now() - seedStarted) / 1000;
    const coach = await launch('instructor-1');
    const queueUrl = `${tool.origin}${PRACTICE_API.reviewQueue}?limit=25`;
    // One warm-up of each, then interleaved samples so drift hits both alike.
    const first = (await timed(queueUrl, coach.sessionToken)).body as { total: number; items: unknown[] };
    await timed(`${tool.origin}/healthz`);
    // A page deep in the queue: the keyset cursor of the 2,500th round.
    let deepUrl = queueUrl;
    for (let page = 0; page < 100; page += 1) {
      const { body } = await timed(deepUrl, coach.sessionToken);
      const next = (body as { next: string | null }).next;
      if (!next) break;
      deepUrl = `${queueUrl}&after=${encodeURIComponent(next)}`;
    }
    const queue: number[] = [];
    const deepPage: number[] = [];
    const healthz: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      queue.push((await timed(queueUrl, coach.sessionToken)).ms);
      deepPage.push((await timed(deepUrl, coach.sessionToken)).ms);
      healthz.push((await timed(`${tool.origin}/healthz`)).ms);
    }
    return {
      trainees,
      rounds,
      seedS,
      queue,
      deepPage,
      healthz,
      firstPageItems: first.items.length,
      total: first.total,
    };
  });
}

export function renderReviewQueueSection(result: ReviewQueueResult): string {
  const row = (name: string, values: number[]) => {
    const p95 = percentile(values, 95);
    const base = percentile(result.healthz, 95);
    return `| ${name} | ${round(percentile(values, 50))} | ${round(p95)} | ${round(p95 / Math.max(base, 0.001), 2)}× |`;
  };
  return `${REVIEW_QUEUE_SECTION_TITLE}

${result.trainees} trainees and ${result.rounds.toLocaleString('en-GB')} submitted rounds in one course (seeded in ${round(result.seedS)} s
through real launches and \`POST /api/practice/rounds\`), our tool in its own process on SQLite with production settings.
${result.queue.length} sequential requests each; the queue held ${result.total.toLocaleString('en-GB')} rounds, first page ${result.firstPageItems} items.
Baseline: \`/healthz\` of the same process, interleaved with the queue requests.

| request | p50 ms | p95 ms | p95 vs /healthz |
| --- | --- | --- | --- |
${row('`GET /api/review-queue?limit=25` (oldest first)', result.queue)}
${row('the same, 100 pages in (keyset cursor)', result.deepPage)}
${row('`GET /healthz` (baseline)', result.healthz)}
`;
}
