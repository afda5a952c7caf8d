/**
 * A whole training room at once: trainees submitting practice rounds (some with recordings),
 * coaches setting steps in their own courses, teachers checking in, extensions pairing and
 * teachers reading their step, all in the same instant against one tool. The concurrency tests
 * (SQLite and PostgreSQL) assert every request succeeds; the benchmark times the same burst.
 */
import { performance } from 'node:perf_hooks';
import { API } from '../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { api } from './api-client.ts';
import { aSetStepChange, testId } from './builders.ts';
import type { FakePlatform } from './fake-platform.ts';
import { aRound, launchModule, putMedia, webmBytes } from './practice.ts';

export interface RoomSize {
  /** Trainees who each submit one round on the same module activity. */
  trainees: number;
  /** How many of those upload a recording with their round. */
  withRecordings: number;
  /** Coaches, each in a course of their own with one teacher, who set that teacher's step. */
  coaches: number;
  /** Extensions redeeming pairing codes in the same instant. */
  pairings: number;
}

interface Trainee {
  userId: string;
  session: string;
  linkKey: string;
}

interface CoachSeat {
  session: string;
  teacherId: string;
  teacherSession: string;
}

export interface TrainingRoom {
  trainees: Trainee[];
  coaches: CoachSeat[];
  pairingCodes: string[];
  moduleId: string;
  /** How many success criteria the module's step has: a round judges each. */
  criteria: number;
}

export interface RequestOutcome {
  what: 'round' | 'recording' | 'set-step' | 'check-in' | 'pair' | 'read-step';
  status: number;
  /** Set-step pushes answer 200 with a per-change status; anything but `applied` is a failure. */
  result?: string;
  ms: number;
}

/** Launches everyone (one at a time: a room arrives over a minute, it is the submitting that bunches). */
export async function seatTrainingRoom(
  toolUrl: string,
  platform: FakePlatform,
  size: RoomSize,
): Promise<TrainingRoom> {
  const module = loadStarterModules()[0]!;
  const moduleId = module.id;
  const trainees: Trainee[] = [];
  for (let index = 0; index < size.trainees; index += 1) {
    const userId = `learner-room-${index}`;
    const page = await launchModule(platform, toolUrl, {
      userId,
      course: 'room-course',
      link: 'room-link',
      module: moduleId,
    });
    trainees.push({ userId, session: page.sessionToken, linkKey: page.activity!.linkKey });
  }
  const coaches: CoachSeat[] = [];
  for (let index = 0; index < size.coaches; index += 1) {
    const course = `coach-course-${index}`;
    const teacherId = `learner-coached-${index}`;
    const teacher = await launchModule(platform, toolUrl, {
      userId: teacherId,
      course,
      link: `${course}-link`,
    });
    const coach = await launchModule(platform, toolUrl, {
      userId: `instructor-${index}`,
      course,
      link: `${course}-link`,
    });
    coaches.push({ session: coach.sessionToken, teacherId, teacherSession: teacher.sessionToken });
  }
  const pairingCodes: string[] = [];
  for (let index = 0; index < size.pairings; index += 1) {
    const owner = trainees[index % trainees.length]!;
    const code = await api(toolUrl, API.pairingCodes, { method: 'POST', token: owner.session });
    if (code.status !== 201) throw new Error(`pairing code: ${code.status} ${JSON.stringify(code.body)}`);
    pairingCodes.push(code.body.code as string);
  }
  return { trainees, coaches, pairingCodes, moduleId, criteria: module.actionStep.successCriteria.length };
}

async function timed(
  what: RequestOutcome['what'],
  request: () => Promise<{ status: number; result?: string }>,
): Promise<RequestOutcome> {
  const started = performance.now();
  const { status, result } = await request();
  return { what, status, ...(result === undefined ? {} : { result }), ms: performance.now() - started };
}

/**
 * Everything in one instant: each trainee submits a round (the first `withRecordings` upload a
 * recording first, as the page does), each coach pushes a step, each coached teacher checks in,
 * reads their step, and every pairing code is redeemed.
 */
export async function everyoneAtOnce(
  toolUrl: string,
  room: TrainingRoom,
  size: Pick<RoomSize, 'withRecordings'>,
): Promise<RequestOutcome[]> {
  const recording = webmBytes(64 * 1024);
  const selfAssessment = Array.from({ length: room.criteria }, () => 'secure' as const);
  const submissions = room.trainees.map(async (trainee, index) => {
    const outcomes: RequestOutcome[] = [];
    let audioId: string | null = null;
    if (index < size.withRecordings) {
      audioId = testId();
      outcomes.push(
        await timed('recording', () => putMedia(toolUrl, trainee.session, audioId!, recording, 'audio/webm')),
      );
    }
    outcomes.push(
      await timed('round', () =>
        api(toolUrl, PRACTICE_API.rounds, {
          token: trainee.session,
          body: aRound(trainee.linkKey, { audioId, selfAssessment }),
        }),
      ),
    );
    return outcomes;
  });
  const coachWork = room.coaches.flatMap((coach, index) => [
    timed('set-step', async () => {
      const push = await api(toolUrl, API.syncPush, {
        token: coach.session,
        body: { changes: [aSetStepChange(coach.teacherId, { title: `Step ${index}` })] },
      });
      return { status: push.status, result: push.body?.results?.[0]?.status };
    }),
    timed('check-in', () =>
      api(toolUrl, PRACTICE_API.checkIns, {
        token: coach.teacherSession,
        body: { id: testId(), outcome: 'partly', note: 'Tried it in period 2' },
      }),
    ),
    timed('read-step', () => api(toolUrl, API.myStep, { token: coach.teacherSession })),
  ]);
  const pairings = room.pairingCodes.map((code) =>
    timed('pair', () => api(toolUrl, API.pair, { body: { code, deviceLabel: 'Room laptop' } })),
  );
  const [rounds, others] = await Promise.all([
    Promise.all(submissions),
    Promise.all([...coachWork, ...pairings]),
  ]);
  return [...rounds.flat(), ...others];
}

/** The outcomes that were not a success, for a readable assertion message. */
export function failures(outcomes: readonly RequestOutcome[]): RequestOutcome[] {
  return outcomes.filter(
    (outcome) =>
      outcome.status < 200 ||
      outcome.status >= 300 ||
      (outcome.result !== undefined && outcome.result !== 'applied'),
  );
}
