/**
 * Long lists for paging tests and the lists benchmark: one trainee's history seeded straight
 * through the tool's repositories (a second connection to the same database; thousands of
 * requests over HTTP would make the test minutes long), and a client that walks a list's pages.
 */
import type { Sequelize } from 'sequelize';
import type { CheckInOutcome, CriterionJudgement } from '../../shared/domain/coaching/practice.ts';
import { createDatabase, type Database } from '../../lti-tool/db/database.ts';
import { openSequelize } from '../../lti-tool/db/sequelize.ts';
import type { AppConfig } from '../../lti-tool/core/config.ts';
import { api } from './api-client.ts';
import { aStepInput, testId } from './builders.ts';

/** One entry of a seeded history, with what orders it: when, which list (as the API ranks them), id. */
export interface SeededEntry {
  kind: 'step' | 'round' | 'check-in' | 'reflection';
  id: string;
  at: string;
  /** Check-ins and reflections: the activity it was made from (null: a general one). */
  linkKey?: string | null;
}

const RANK = { step: 0, round: 1, 'check-in': 2, reflection: 3 } as const;

/** The API's history order: newest first; at one instant by list (reflection, check-in, round, step), then id. */
export function newestFirst(entries: readonly SeededEntry[]): SeededEntry[] {
  return [...entries].sort((a, b) => {
    if (a.at !== b.at) return a.at < b.at ? 1 : -1;
    if (a.kind !== b.kind) return RANK[b.kind] - RANK[a.kind];
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
}

export interface SeedDatabase {
  db: Database;
  sequelize: Sequelize;
  /** The seeding clock: every write is stamped with it. */
  clock: { at: Date; tick(ms?: number): Date };
  close(): Promise<void>;
}

/** The tool's repositories over a second connection to the tool's database, on a clock the test moves. */
export async function openSeedDatabase(
  config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>,
  start = new Date('2026-01-05T08:00:00.000Z'),
): Promise<SeedDatabase> {
  const sequelize = await openSequelize(config);
  const clock = {
    at: start,
    tick(ms = 1000) {
      clock.at = new Date(clock.at.getTime() + ms);
      return clock.at;
    },
  };
  const db = await createDatabase(sequelize, () => clock.at);
  return { db, sequelize, clock, close: () => db.close() };
}

export interface TraineeScope {
  tenant: string;
  contextKey: string;
  linkKey: string;
  moduleId: string;
  userId: string;
  name: string;
  coachId: string;
}

export interface HistorySeed {
  checkIns: number;
  rounds: number;
  reflections: number;
  steps: number;
  /** Every `tieEvery`th entry shares its instant with the one before (ties exercise the id order). */
  tieEvery?: number;
  /** Every `generalEvery`th check-in or reflection has no activity (a general one). */
  generalEvery?: number;
  /** Judgements per round (the module's success criteria). */
  criteria: number;
  /** Ids for the entries (default: testId(), which sorts the same under any collation). */
  newId?: () => string;
}

/**
 * One trainee's history, interleaved in time: steps, rounds, check-ins and reflections spread
 * evenly over the seed, some at the same instant. Returns every entry as the API should order it.
 */
export async function seedTraineeHistory(
  seed: SeedDatabase,
  who: TraineeScope,
  counts: HistorySeed,
): Promise<SeededEntry[]> {
  const { db, clock } = seed;
  const plan: SeededEntry['kind'][] = [];
  const total = counts.checkIns + counts.rounds + counts.reflections + counts.steps;
  const quota = {
    step: counts.steps,
    round: counts.rounds,
    'check-in': counts.checkIns,
    reflection: counts.reflections,
  };
  const done = { step: 0, round: 0, 'check-in': 0, reflection: 0 };
  for (let i = 0; i < total; i += 1) {
    // The kind furthest behind its share of the seed so far goes next.
    const kind = (Object.keys(quota) as SeededEntry['kind'][])
      .filter((k) => done[k] < quota[k])
      .sort((a, b) => done[a] / quota[a] - done[b] / quota[b])[0]!;
    done[kind] += 1;
    plan.push(kind);
  }
  const entries: SeededEntry[] = [];
  const actor = { tenant: who.tenant, contextKey: who.contextKey, userId: who.coachId };
  const outcomes: CheckInOutcome[] = ['went-well', 'partly', 'not-yet'];
  let currentStepId: string | null = null;
  let general = 0;
  for (const [index, kind] of plan.entries()) {
    if (!(counts.tieEvery && index % counts.tieEvery === 1)) clock.tick();
    const at = clock.at.toISOString();
    const id = (counts.newId ?? testId)();
    if (kind === 'step') {
      await db.steps.applySetStep(
        {
          id: testId(),
          kind: 'set-action-step',
          madeAt: at,
          teacherId: who.userId,
          stepId: id,
          step: aStepInput({ title: `Step ${index}` }),
        },
        actor,
      );
      currentStepId = id;
      entries.push({ kind, id, at });
    } else if (kind === 'round') {
      const selfAssessment: CriterionJudgement[] = Array.from({ length: counts.criteria }, (_, i) =>
        i % 2 ? 'not-yet' : 'secure',
      );
      await db.rounds.submit(
        {
          id,
          tenant: who.tenant,
          contextKey: who.contextKey,
          linkKey: who.linkKey,
          moduleId: who.moduleId,
          traineeId: who.userId,
          traineeName: who.name,
          script: `Round ${index}: eyes on me in three, two, one. Thank you, pens down.`,
          audioId: null,
          selfAssessment,
        },
        async () => {},
      );
      entries.push({ kind, id, at });
    } else {
      const isGeneral = counts.generalEvery !== undefined && (general += 1) % counts.generalEvery === 0;
      const where = {
        id,
        tenant: who.tenant,
        contextKey: who.contextKey,
        userId: who.userId,
        linkKey: isGeneral ? null : who.linkKey,
        moduleId: isGeneral ? null : who.moduleId,
      };
      if (kind === 'check-in') {
        await db.checkIns.record({
          ...where,
          actionStepId: currentStepId,
          outcome: outcomes[index % 3]!,
          note: `Check-in ${index}: used the countdown with 9B before the starter task.`,
        });
      } else {
        await db.reflections.record({
          ...where,
          wentWell: `Reflection ${index}: the room settled in under a minute.`,
          change: 'Pause longer after "one".',
          next: 'Try it with Year 7 on Thursday.',
        });
      }
      entries.push({ kind, id, at, linkKey: where.linkKey });
    }
  }
  return newestFirst(entries);
}

export interface WalkedPage {
  status: number;
  body: Record<string, unknown> & { next?: string | null };
  bytes: number;
}

/** Follows `next` from `path` (which may already carry a query) until the last page. */
export async function walkPages(
  baseUrl: string,
  path: string,
  token: string,
  options: { limit?: number; first?: string | null; maxPages?: number } = {},
): Promise<WalkedPage[]> {
  const pages: WalkedPage[] = [];
  let after = options.first ?? null;
  for (let page = 0; page < (options.maxPages ?? 1000); page += 1) {
    const params = new URLSearchParams();
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    if (after) params.set('after', after);
    const query = params.toString();
    const joiner = path.includes('?') ? '&' : '?';
    const response = await api(baseUrl, query ? `${path}${joiner}${query}` : path, { token });
    pages.push({
      status: response.status,
      body: response.body,
      bytes: Buffer.byteLength(JSON.stringify(response.body)),
    });
    if (response.status !== 200 || !response.body.next) return pages;
    after = response.body.next;
  }
  throw new Error(`${path} still had a next page after ${options.maxPages ?? 1000} pages`);
}
