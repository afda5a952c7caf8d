/**
 * Observations and coaching conversations for the caseload bench, written straight into the
 * tool's database (the tables of lti-tool/db/migrations/0007-coaching-cycle.ts) with multi-row
 * INSERTs in transactions: tens of thousands of records through the HTTP API would take longer
 * than everything else the bench does. Every record is valid per shared/domain/coaching/cycle.ts.
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { dayOf } from '../../shared/domain/coaching/calendar-days.ts';
import {
  ConversationInputSchema,
  ObservationInputSchema,
  type ConversationInput,
  type ObservationInput,
} from '../../shared/domain/coaching/cycle.ts';
import type { openSequelize } from '../../lti-tool/db/sequelize.ts';

type Connection = Awaited<ReturnType<typeof openSequelize>>;

export interface SeedCourse {
  tenant: string;
  contextKey: string;
  coachId: string;
  teacherIds: readonly string[];
  /** Observations and conversations together, alternating, teacher after teacher. */
  records: number;
}

interface Row {
  table: 'observations' | 'conversations';
  id: string;
  tenant: string;
  contextKey: string;
  teacherId: string;
  coachId: string;
  at: Date;
  record: ObservationInput | ConversationInput;
}

const DAY_MS = 86_400_000;
const ROWS_PER_INSERT = 500;
const INSERTS_PER_TRANSACTION = 10;

const CRITERIA = ['Countdown from 5 with a pause', 'Two pupils praised by name', 'Instructions on one slide'];

function anObservation(teacherId: string, startedAt: Date, n: number): ObservationInput {
  const at = (minutes: number) => new Date(startedAt.getTime() + minutes * 60_000).toISOString();
  return {
    teacherId,
    stepId: null,
    startedAt: startedAt.toISOString(),
    notes: [
      { at: at(2), text: `Countdown from 5; ${n % 4} pupils still talking at 1` },
      { at: at(9), text: 'Retrieval quiz started; back row needed a second prompt' },
    ],
    criteria: CRITERIA.map((criterion, i) => ({
      criterion,
      mark: (['secure', 'not-yet', 'not-seen'] as const)[(n + i) % 3]!,
    })),
    pupilsDid: 'Most started the retrieval quiz within a minute',
  };
}

function aConversation(teacherId: string, heldAt: Date, n: number): ConversationInput {
  return {
    teacherId,
    observationId: null,
    targetPerformance: 'Pupils start work promptly after the transition',
    praise: [{ text: 'Your countdown had a clear pause at 3', criterion: CRITERIA[0]! }],
    probingQuestions: ['What did the pupils at the back do at 1?'],
    model: { kind: 'own', form: 'performance', description: 'I modelled the countdown with narration' },
    step: { decision: 'keep' },
    rounds: [
      { criteria: [{ criterion: CRITERIA[1]!, mark: 'not-yet' }], feedback: 'Names came after 1' },
      { criteria: [{ criterion: CRITERIA[1]!, mark: n % 2 ? 'secure' : 'not-yet' }], feedback: '' },
    ],
    checkBackOn: dayOf(new Date(heldAt.getTime() + 7 * DAY_MS)),
  };
}

/**
 * A course's records over the `days` before `now`: record k goes to teacher ⌊k/2⌋ (round the
 * roster), an observation when k is even and the conversation that follows it a day later when odd.
 */
function rowsOf(course: SeedCourse, now: Date, days: number): Row[] {
  const rows: Row[] = [];
  const pairs = Math.ceil(course.records / 2);
  for (let k = 0; k < course.records; k += 1) {
    const pair = Math.floor(k / 2);
    const teacherId = course.teacherIds[pair % course.teacherIds.length]!;
    // Spread evenly over the `days` before now, oldest first; the last conversation was yesterday.
    const observedAt = new Date(
      now.getTime() - days * DAY_MS + (pair * (days - 2) * DAY_MS) / pairs + (pair % 60) * 60_000,
    );
    const common = { id: randomUUID(), tenant: course.tenant, contextKey: course.contextKey, teacherId };
    if (k % 2 === 0) {
      const record = v.parse(ObservationInputSchema, anObservation(teacherId, observedAt, k));
      rows.push({ ...common, table: 'observations', coachId: course.coachId, at: observedAt, record });
    } else {
      const heldAt = new Date(observedAt.getTime() + DAY_MS);
      const record = v.parse(ConversationInputSchema, aConversation(teacherId, heldAt, k));
      rows.push({ ...common, table: 'conversations', coachId: course.coachId, at: heldAt, record });
    }
  }
  return rows;
}

/** A fixed shuffle (xorshift), so the courses' rows lie mixed in the table as a year of use leaves them. */
function shuffled<T>(items: T[]): T[] {
  let state = 0x9e3779b9;
  for (let i = items.length - 1; i > 0; i -= 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Writes every course's records, mixed, `ROWS_PER_INSERT` rows per INSERT and
 * `INSERTS_PER_TRANSACTION` INSERTs per transaction. Answers how many rows each table got.
 */
export async function insertCycleRecords(
  sequelize: Connection,
  courses: readonly SeedCourse[],
  options: { now: Date; days: number },
): Promise<{ observations: number; conversations: number }> {
  const rows = shuffled(courses.flatMap((course) => rowsOf(course, options.now, options.days)));
  const counts = { observations: 0, conversations: 0 };
  const batches: Row[][] = [];
  for (const table of ['observations', 'conversations'] as const) {
    const ofTable = rows.filter((row) => row.table === table);
    counts[table] = ofTable.length;
    for (let i = 0; i < ofTable.length; i += ROWS_PER_INSERT)
      batches.push(ofTable.slice(i, i + ROWS_PER_INSERT));
  }
  for (let i = 0; i < batches.length; i += INSERTS_PER_TRANSACTION) {
    await sequelize.transaction(async (transaction) => {
      for (const batch of batches.slice(i, i + INSERTS_PER_TRANSACTION)) {
        const table = batch[0]!.table;
        const when = table === 'observations' ? 'startedAt' : 'heldAt';
        // Dates go through Sequelize's escaping, so they are stored as its own writes store them.
        const sql = `INSERT INTO "${table}" ("id", "tenant", "contextKey", "teacherId", "coachId", "${when}",
          "record", "version", "lastChangeId", "createdAt", "updatedAt") VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)').join(', ')}`;
        const replacements = batch.flatMap((row) => [
          row.id,
          row.tenant,
          row.contextKey,
          row.teacherId,
          row.coachId,
          row.at,
          JSON.stringify(row.record),
          randomUUID(),
          row.at,
          row.at,
        ]);
        await sequelize.query(sql, { replacements, transaction });
      }
    });
  }
  return counts;
}
