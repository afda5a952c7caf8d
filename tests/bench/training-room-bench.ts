/**
 * A whole training room at once (issue: a class submitting in the same minute), on SQLite and on
 * PostgreSQL: every trainee uploads a recording and submits a round while coaches set steps,
 * their teachers check in and read their step, all in the same instant, against our tool in its
 * own process with production settings. Baseline, same run and process: the same requests one
 * at a time. Three room sizes show how the cost grows with the crowd, and three bursts in a row
 * in the largest room how it grows with stored rounds.
 */
import { startPostgres, type TestPostgres } from '../harness/postgres.ts';
import {
  everyoneAtOnce,
  failures,
  seatTrainingRoom,
  type RequestOutcome,
  type TrainingRoom,
} from '../harness/training-room.ts';
import { percentile } from './launch-load.ts';
import { round } from './stats.ts';
import { withOurTool } from './with-our-tool.ts';

export const TRAINING_ROOM_SECTION_TITLE = '## A training room at once';

const SIZES = [10, 25, 50] as const;
const BURSTS_IN_LARGEST = 3;
/** Requests made one at a time before the burst, per kind, for the baseline. */
const ALONE = 5;

type Kind = RequestOutcome['what'];
const KINDS: Kind[] = ['recording', 'round', 'set-step', 'check-in', 'read-step'];

interface Burst {
  wallMs: number;
  requests: number;
  failed: number;
  byKind: Partial<Record<Kind, number[]>>;
}

interface RoomRun {
  database: 'SQLite' | 'PostgreSQL';
  trainees: number;
  coaches: number;
  alone: Partial<Record<Kind, number[]>>;
  bursts: Burst[];
}

function byKind(outcomes: readonly RequestOutcome[]): Partial<Record<Kind, number[]>> {
  const grouped: Partial<Record<Kind, number[]>> = {};
  for (const outcome of outcomes) (grouped[outcome.what] ??= []).push(outcome.ms);
  return grouped;
}

/** The first `trainees` trainees and `coaches` coaches of a seated room, and the rest. */
function split(room: TrainingRoom, trainees: number, coaches: number): [TrainingRoom, TrainingRoom] {
  const part = (from: number, to: number, coachFrom: number, coachTo: number): TrainingRoom => ({
    ...room,
    trainees: room.trainees.slice(from, to),
    coaches: room.coaches.slice(coachFrom, coachTo),
    pairingCodes: [],
  });
  return [part(0, trainees, 0, coaches), part(trainees, room.trainees.length, coaches, room.coaches.length)];
}

async function runRoom(
  database: RoomRun['database'],
  trainees: number,
  databaseUrl?: string,
): Promise<RoomRun> {
  const coaches = trainees / 5;
  return withOurTool(
    'training-room',
    async (tool, platform) => {
      const room = await seatTrainingRoom(tool.origin, platform, {
        trainees: trainees + ALONE,
        withRecordings: trainees + ALONE,
        coaches: coaches + ALONE,
        pairings: 0,
      });
      const [aloneRoom, burstRoom] = split(room, ALONE, ALONE);
      const alone: RequestOutcome[] = [];
      for (let index = 0; index < ALONE; index += 1) {
        const single = {
          ...aloneRoom,
          trainees: [aloneRoom.trainees[index]!],
          coaches: [aloneRoom.coaches[index]!],
        };
        alone.push(...(await everyoneAtOnce(tool.origin, single, { withRecordings: 1 })));
      }
      const bursts: Burst[] = [];
      const times = trainees === SIZES.at(-1) ? BURSTS_IN_LARGEST : 1;
      for (let burst = 0; burst < times; burst += 1) {
        const started = performance.now();
        const outcomes = await everyoneAtOnce(tool.origin, burstRoom, { withRecordings: trainees });
        bursts.push({
          wallMs: performance.now() - started,
          requests: outcomes.length,
          failed: failures(outcomes).length,
          byKind: byKind(outcomes),
        });
      }
      return { database, trainees, coaches, alone: byKind(alone), bursts };
    },
    { databaseUrl },
  );
}

export async function runTrainingRoomBench(): Promise<RoomRun[]> {
  const runs: RoomRun[] = [];
  for (const trainees of SIZES) runs.push(await runRoom('SQLite', trainees));
  let pg: TestPostgres | null = null;
  try {
    pg = await startPostgres();
    for (const trainees of SIZES) {
      runs.push(await runRoom('PostgreSQL', trainees, await pg.createDatabase(`room_${trainees}`)));
    }
  } finally {
    await pg?.stop();
  }
  return runs;
}

export function renderTrainingRoomSection(runs: readonly RoomRun[]): string {
  const largest = runs.filter((run) => run.trainees === SIZES.at(-1));
  const kindRows = largest.flatMap((run) =>
    KINDS.map((kind) => {
      const burst = run.bursts[0]!.byKind[kind] ?? [];
      const alone = run.alone[kind] ?? [];
      const p95 = percentile(burst, 95);
      const base = percentile(alone, 50);
      return `| ${run.database} | ${kind} | ${burst.length} | ${round(percentile(burst, 50))} | ${round(p95)} | ${round(base)} | ${round(p95 / Math.max(base, 0.001), 1)}× |`;
    }),
  );
  const sizeRows = runs.map((run) => {
    const first = run.bursts[0]!;
    const all = Object.values(first.byKind).flat();
    return `| ${run.database} | ${run.trainees} + ${run.coaches} coaches | ${first.requests} | ${first.failed} | ${round(first.wallMs)} | ${round(percentile(all, 95))} |`;
  });
  const dataRows = largest.map(
    (run) =>
      `| ${run.database} | ${run.bursts.map((burst) => `${round(burst.wallMs)} ms (${burst.failed} failed)`).join(' · ')} |`,
  );
  return `${TRAINING_ROOM_SECTION_TITLE}

Every trainee uploads a 64 kB recording (\`PUT /api/media/:id\`) and submits a round while each coach sets a step
(\`POST /api/sync/push\`), and each coach's teacher checks in and reads their step, all in the same instant,
against our tool in its own process (production settings; SQLite in a temp folder, or PostgreSQL 15 with the
default pool). Baseline, same process: ${ALONE} of each request one at a time before the burst.

The largest room (${SIZES.at(-1)} trainees, ${SIZES.at(-1)! / 5} coaches), first burst:

| database | request | n | p50 ms | p95 ms | alone p50 ms | p95 vs alone |
| --- | --- | --- | --- | --- | --- | --- |
${kindRows.join('\n')}

How the cost grows with the room (first burst of each):

| database | room | requests | failed | wall ms | p95 ms (all) |
| --- | --- | --- | --- | --- | --- |
${sizeRows.join('\n')}

How it grows with stored rounds (the largest room submitting round 1, 2, 3: burst wall time):

| database | bursts |
| --- | --- |
${dataRows.join('\n')}
`;
}
