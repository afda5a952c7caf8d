/**
 * A programme a year into use, for the programme-view bench (programme-bench.ts): one tenant's
 * courses of 30 teachers, a coach for about each course, schools of 20 courses, and a year of
 * practice rounds (with feedback, most of it timely), coaching conversations (which set and secure
 * action steps with check-back days), observations and check-ins, written straight into the
 * tool's PostgreSQL database (after its migrations ran) by `INSERT … SELECT generate_series(…)`:
 * a million rounds through the HTTP API would take hours.
 *
 * Rows are what the tool itself writes: the same columns, course keys from
 * lti-tool/core/link-keys.ts under the tenant a real launch of the platform gets, activity links
 * of real starter modules, JSON records that pass shared/domain/coaching/cycle.ts (checked on a
 * sample after the insert), and steps set and secured as cycle.ts's saveConversation does
 * (a conversation deciding "next" archives the current step as secured and sets the next,
 * whose id is the conversation's; "keep" moves the check-back day).
 */
import * as v from 'valibot';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CriterionJudgementSchema } from '../../shared/domain/coaching/practice.ts';
import {
  ConversationInputSchema,
  ObservationInputSchema,
  type ConversationInput,
  type ObservationInput,
} from '../../shared/domain/coaching/cycle.ts';
import { contextKeyOf, resourceLinkKey } from '../../lti-tool/core/link-keys.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';

/** How much of each there is. Per teacher, every size has the same: only the number of teachers changes. */
export interface ProgrammeSize {
  teachers: number;
  coaches: number;
  rounds: number;
  conversations: number;
  observations: number;
  checkIns: number;
}

export const FULL_PROGRAMME: ProgrammeSize = {
  teachers: 20_000,
  coaches: 600,
  rounds: 1_000_000,
  conversations: 200_000,
  observations: 100_000,
  checkIns: 200_000,
};

/** Issue 15's programme: the programme view's with ten check-ins per teacher more (2,000,000). */
export const SCALE_PROGRAMME: ProgrammeSize = { ...FULL_PROGRAMME, checkIns: 2_000_000 };

/** `size` with every count times `factor` (1/100: 200 teachers, 6 coaches, 10,000 rounds…). */
export function scaledProgramme(size: ProgrammeSize, factor: number): ProgrammeSize {
  const times = (n: number) => Math.max(1, Math.round(n * factor));
  return {
    teachers: times(size.teachers),
    coaches: times(size.coaches),
    rounds: times(size.rounds),
    conversations: times(size.conversations),
    observations: times(size.observations),
    checkIns: times(size.checkIns),
  };
}

export const TEACHERS_PER_COURSE = 30;
export const COURSES_PER_SCHOOL = 20;
/** Every this-many-th course is in no school (the view's "Courses not in a school"). */
const UNPLACED_EVERY = 25;
/** Module activities embedded in each course (starter modules, a different three per course). */
export const MODULES_PER_COURSE = 3;
/** Share of rounds that get feedback (those submitted in the last days may still be waiting)… */
const REVIEWED_SHARE = 0.88;
/** …of which within 3 days (the rest 4–10 days late). */
const TIMELY_SHARE = 0.8;

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const seedCourseId = (course: number) => `bench-course-${pad(course, 5)}`;
export const seedCourseTitle = (course: number) => `ECT cohort ${pad(course + 1, 3)}`;
export const seedCoachId = (coach: number) => `coach-${pad(coach, 4)}`;
export const seedTeacherId = (teacher: number) => `teacher-${pad(teacher, 5)}`;

/** Course `course`'s `j`-th module activity: the resource link id a launch into it carries, and its module. */
export function seedLinkOf(
  course: number,
  j: number,
  modules: readonly { id: string }[],
): { resourceLinkId: string; moduleId: string } {
  return {
    resourceLinkId: `${seedCourseId(course)}-module-${j}`,
    moduleId: modules[(course * MODULES_PER_COURSE + j) % modules.length]!.id,
  };
}

/** The tenant and platform a real launch would key the rows by. */
export interface SeedTarget {
  tenant: string;
  issuer: string;
  clientId: string;
  /** The data is the year before this. */
  now: Date;
}

export interface ProgrammeSeedResult {
  courses: number;
  schools: number;
  /** Courses in no school. */
  unplaced: number;
  coaches: number;
  teachers: number;
  rounds: number;
  reviewed: number;
  reviewedWithin3Days: number;
  conversations: number;
  observations: number;
  checkIns: number;
  steps: number;
  stepsSecured: number;
  /** Seconds the inserts took (one transaction), and VACUUM (ANALYZE) after them. */
  insertS: number;
  vacuumS: number;
  /** Seconds per table, in the order written. */
  tables: { table: string; rows: number; seconds: number }[];
  /**
   * Heap + indexes of the tool's tables the view reads, MB, after the seed; the rounds' rows alone
   * and the view's index on them.
   */
  sizesMb: Record<string, number>;
}

// --- The records' text: a plausible year of one coaching programme, the same words throughout. ---

const CRITERIA = [
  'Countdown from 5 with a pause',
  'Two pupils praised by name by 3',
  'Instructions on one slide',
];
const STEP = {
  goal: 'Pupils start work promptly after the transition',
  title: 'Narrate the positive during the countdown',
  what: 'Count down from 5; name two pupils who are ready before 3.',
  successCriteria: CRITERIA,
  whenToPractise: 'Period 3, after lunch',
  why: 'Naming what is right spreads it faster than correcting what is wrong.',
};
const SCRIPT =
  'Eyes on me in 5, 4 — thank you, Amira, pen down — 3, 2, Jonah is ready — 1. Books open at page 12; ' +
  'you have four minutes for the first three questions, on your own, in silence.';
const ROUND_FEEDBACK = {
  praise: 'You paused at 3 and named two pupils who were ready.',
  probe: 'What did the back row do while you counted?',
  nextStep: 'Say the first instruction before the countdown ends.',
};

/** Placeholders the SQL swaps for each row's values (JSON strings, so the template is valid JSON). */
const AT = {
  teacher: '@@teacher@@',
  day: '@@day@@',
  startedAt: '@@startedAt@@',
  note1: '@@note1@@',
  note2: '@@note2@@',
} as const;

function aConversation(teacherId: string, checkBackOn: string, next: boolean): ConversationInput {
  return {
    teacherId,
    observationId: null,
    targetPerformance: STEP.goal,
    praise: [{ text: 'Your countdown had a clear pause at 3', criterion: CRITERIA[0]! }],
    probingQuestions: ['What did the pupils at the back do at 1?'],
    model: { kind: 'own', form: 'performance', description: 'I modelled the countdown with narration' },
    step: next
      ? {
          decision: 'next',
          fromModule: null,
          step: { ...STEP, successCriteria: [...STEP.successCriteria] },
        }
      : { decision: 'keep' },
    rounds: [
      { criteria: [{ criterion: CRITERIA[1]!, mark: 'not-yet' }], feedback: 'Names came after 1' },
      { criteria: [{ criterion: CRITERIA[1]!, mark: 'secure' }], feedback: 'Both names by 3' },
    ],
    checkBackOn,
  };
}

function anObservation(teacherId: string, startedAt: string, note1: string, note2: string): ObservationInput {
  return {
    teacherId,
    stepId: null,
    startedAt,
    notes: [
      { at: note1, text: 'Countdown from 5; two pupils still talking at 1' },
      { at: note2, text: 'Retrieval quiz started; back row needed a second prompt' },
    ],
    criteria: CRITERIA.map((criterion, i) => ({
      criterion,
      mark: (['secure', 'not-yet', 'not-seen'] as const)[i]!,
    })),
    pupilsDid: 'Most started the retrieval quiz within a minute',
  };
}

/**
 * A record's JSON with placeholders, after checking that the same record with real values is
 * valid: the SQL then only puts each row's values where the placeholders are.
 */
function template<T>(schema: v.GenericSchema<T>, valid: T, withPlaceholders: T): string {
  v.parse(schema, valid);
  return JSON.stringify(withPlaceholders);
}

const sample = { teacher: seedTeacherId(1), day: '2026-01-01', at: '2026-01-01T09:00:00.000Z' };
const TEMPLATES = {
  next: template(
    ConversationInputSchema,
    aConversation(sample.teacher, sample.day, true),
    aConversation(AT.teacher, AT.day, true),
  ),
  keep: template(
    ConversationInputSchema,
    aConversation(sample.teacher, sample.day, false),
    aConversation(AT.teacher, AT.day, false),
  ),
  observation: template(
    ObservationInputSchema,
    anObservation(sample.teacher, sample.at, sample.at, sample.at),
    anObservation(AT.teacher, AT.startedAt, AT.note1, AT.note2),
  ),
};

// --- SQL helpers ---

/** A timestamp as JavaScript's toISOString writes it (the records' ISO times). */
const iso = (ts: string) => `to_char((${ts}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A fixed pseudo-random fraction in [0, 1) of an integer expression (multiplicative hashing). */
const frac = (expr: string) => `(((${expr})::bigint * 2654435761 % 4294967296) / 4294967296.0)`;
/** Replaces a template's placeholder (a JSON string) with a SQL text value, JSON-quoted. */
const put = (json: string, placeholder: string, value: string) =>
  `replace(${json}, '"${placeholder}"', to_json(${value})::text)`;
/**
 * The k-th of `perTeacher` items of a teacher, spread over the year before :now: k's slot plus a
 * fixed jitter of 10–90 % of a slot, in whole milliseconds (JavaScript's precision).
 */
const slotTime = (k: string, jitter: string, perTeacher: number) =>
  `(CAST(:from AS timestamptz) + floor(((${k}) + 0.1 + 0.8 * ${frac(jitter)}) / ${perTeacher} * ${YEAR_MS}) * interval '1 millisecond')`;

/**
 * Writes a programme of `size` into the tenant of `target`, in one transaction, then
 * VACUUM (ANALYZE)s what it wrote, as autovacuum soon would.
 */
export async function seedProgramme(
  sequelize: Sequelize,
  target: SeedTarget,
  size: ProgrammeSize,
): Promise<ProgrammeSeedResult> {
  if (sequelize.getDialect() !== 'postgres') throw new Error('the programme seed writes PostgreSQL');
  const modules = loadStarterModules();
  const courses = Math.ceil(size.teachers / TEACHERS_PER_COURSE);
  const from = new Date(target.now.getTime() - YEAR_MS);
  const base = {
    tenant: target.tenant,
    issuer: target.issuer,
    clientId: target.clientId,
    now: target.now,
    from,
    teachers: size.teachers,
    perCourse: TEACHERS_PER_COURSE,
  };
  const perTeacher = (n: number) => Math.ceil(n / size.teachers);
  const tables: ProgrammeSeedResult['tables'] = [];

  const insertStarted = performance.now();
  await sequelize.transaction(async (transaction) => {
    const run = async (table: string, sql: string, replacements: Record<string, unknown> = {}) => {
      const started = performance.now();
      const [, rows] = (await sequelize.query(sql, {
        replacements: { ...base, ...replacements },
        transaction,
      })) as [unknown, unknown];
      tables.push({ table, rows: rowCount(rows), seconds: (performance.now() - started) / 1000 });
    };
    await sequelize.query(`SET LOCAL TimeZone = 'UTC'`, { transaction });

    // The courses, their coaches, schools and module activities: a few thousand rows, keyed in JS.
    await sequelize.query(
      `CREATE TEMP TABLE "seed_courses" ("idx" INTEGER PRIMARY KEY, "key" TEXT, "lmsContextId" TEXT, "title" TEXT,
         "coachId" TEXT, "coachName" TEXT, "schoolId" TEXT) ON COMMIT DROP`,
      { transaction },
    );
    await sequelize.query(
      `CREATE TEMP TABLE "seed_links" ("idx" INTEGER, "j" INTEGER, "key" TEXT, "resourceLinkId" TEXT,
         "moduleId" TEXT, "selfAssessment" TEXT, "criteria" TEXT, PRIMARY KEY ("idx", "j")) ON COMMIT DROP`,
      { transaction },
    );
    const courseRows = Array.from({ length: courses }, (_, c): (string | number | null)[] => {
      const coach = c % size.coaches;
      const placed = (c + 1) % UNPLACED_EVERY !== 0;
      return [
        c,
        contextKeyOf(target.tenant, seedCourseId(c)),
        seedCourseId(c),
        seedCourseTitle(c),
        seedCoachId(coach),
        `Coach ${pad(coach, 4)}`,
        placed ? `bench-school-${pad(Math.floor(c / COURSES_PER_SCHOOL), 3)}` : null,
      ];
    });
    await insertValues(sequelize, transaction, 'seed_courses', courseRows);
    const linkRows = courseRows.flatMap((_, c) =>
      Array.from({ length: MODULES_PER_COURSE }, (_, j) => {
        const { resourceLinkId, moduleId } = seedLinkOf(c, j, modules);
        const module = modules.find((candidate) => candidate.id === moduleId)!;
        const criteria = module.actionStep.successCriteria;
        return [
          c,
          j,
          resourceLinkKey(target.tenant, resourceLinkId, `module:${module.id}`),
          resourceLinkId,
          module.id,
          JSON.stringify(criteria.map((_, i) => (i % 2 ? 'not-yet' : 'secure'))),
          JSON.stringify(criteria.map((_, i) => (i === criteria.length - 1 ? 'not-yet' : 'secure'))),
        ];
      }),
    );
    await insertValues(sequelize, transaction, 'seed_links', linkRows);

    await run(
      'coaching_contexts',
      `INSERT INTO "coaching_contexts" ("key", "tenant", "lmsContextId", "title", "membershipsUrl", "issuer",
         "clientId", "createdAt", "updatedAt")
       SELECT "key", :tenant, "lmsContextId", "title", NULL, :issuer, :clientId, CAST(:from AS timestamptz), CAST(:from AS timestamptz) FROM "seed_courses"`,
    );
    await run(
      'coaching_members',
      `INSERT INTO "coaching_members" ("contextKey", "userId", "name", "role", "createdAt", "updatedAt", "sourcedId")
       SELECT c."key", 'teacher-' || lpad(t::text, 5, '0'), 'Teacher ' || lpad(t::text, 5, '0'), 'teacher',
         CAST(:from AS timestamptz), CAST(:from AS timestamptz), 'SIS-' || lpad(t::text, 5, '0')
       FROM generate_series(0, :teachers - 1) AS t JOIN "seed_courses" c ON c."idx" = t / :perCourse
       UNION ALL
       SELECT "key", "coachId", "coachName", 'coach', CAST(:from AS timestamptz), CAST(:from AS timestamptz), NULL FROM "seed_courses"`,
    );
    await run(
      'lti_resource_links',
      `INSERT INTO "lti_resource_links" ("key", "tenant", "contextKey", "issuer", "clientId", "resourceLinkId",
         "activity", "lineItemsUrl", "lineItemUrl", "agsScopes", "createdAt", "updatedAt")
       SELECT l."key", :tenant, c."key", :issuer, :clientId, l."resourceLinkId", 'module:' || l."moduleId",
         NULL, NULL, CAST('[]' AS json), CAST(:from AS timestamptz), CAST(:from AS timestamptz)
       FROM "seed_links" l JOIN "seed_courses" c USING ("idx")`,
    );
    await run(
      'programme_schools',
      `INSERT INTO "programme_schools" ("tenant", "id", "name", "createdAt", "updatedAt")
       SELECT :tenant, "schoolId", 'School ' || right("schoolId", 3), CAST(:from AS timestamptz), CAST(:from AS timestamptz)
       FROM "seed_courses" WHERE "schoolId" IS NOT NULL GROUP BY "schoolId"`,
    );
    await run(
      'programme_school_courses',
      `INSERT INTO "programme_school_courses" ("tenant", "contextKey", "schoolId")
       SELECT :tenant, "key", "schoolId" FROM "seed_courses" WHERE "schoolId" IS NOT NULL`,
    );

    // Rounds: round r is teacher r mod N's k-th (k = r div N), on the course's module k mod 3, its
    // number ⌊k/3⌋+1 in that activity. Feedback comes 2–70 hours later (timely) or 4–10 days later
    // (late), or not yet when that would be after now.
    const roundsPerTeacher = perTeacher(size.rounds);
    await run(
      'practice_rounds',
      `INSERT INTO "practice_rounds" ("id", "tenant", "contextKey", "linkKey", "moduleId", "traineeId", "traineeName",
         "roundNumber", "script", "audioId", "selfAssessment", "submittedAt", "reviewed", "praise", "probe",
         "nextStep", "criteria", "coachId", "coachName", "givenAt", "createdAt")
       SELECT md5('round:' || p.r)::uuid::text, :tenant, c."key", l."key", l."moduleId", p."traineeId", p."traineeName",
         p.k / ${MODULES_PER_COURSE} + 1, :script, NULL, CAST(l."selfAssessment" AS json), p."submittedAt",
         p."givenAt" IS NOT NULL,
         CASE WHEN p."givenAt" IS NOT NULL THEN :praise END, CASE WHEN p."givenAt" IS NOT NULL THEN :probe END,
         CASE WHEN p."givenAt" IS NOT NULL THEN :nextStep END,
         CASE WHEN p."givenAt" IS NOT NULL THEN CAST(l."criteria" AS json) END,
         CASE WHEN p."givenAt" IS NOT NULL THEN c."coachId" END, CASE WHEN p."givenAt" IS NOT NULL THEN c."coachName" END,
         p."givenAt", p."submittedAt"
       FROM (
         SELECT r, t, k, "traineeId", "traineeName", "submittedAt",
           CASE WHEN h < ${REVIEWED_SHARE} AND "submittedAt" + delay <= CAST(:now AS timestamptz)
             THEN "submittedAt" + delay END AS "givenAt"
         FROM (
           SELECT r, t, k, 'teacher-' || lpad(t::text, 5, '0') AS "traineeId",
             'Teacher ' || lpad(t::text, 5, '0') AS "traineeName",
             ${slotTime('k', 'r', roundsPerTeacher)} AS "submittedAt", ${frac('r + 7')} AS h,
             CASE WHEN ${frac('r + 7')} < ${REVIEWED_SHARE * TIMELY_SHARE}
               THEN (2 + r % 69) * interval '1 hour'
               ELSE interval '4 days' + (r % 145) * interval '1 hour' END AS delay
           FROM generate_series(0, :rounds - 1) AS r,
             LATERAL (SELECT r % :teachers AS t, r / :teachers AS k) AS i
         ) AS q
       ) AS p
       JOIN "seed_courses" c ON c."idx" = p.t / :perCourse
       JOIN "seed_links" l ON l."idx" = c."idx" AND l."j" = p.k % ${MODULES_PER_COURSE}`,
      { rounds: size.rounds, script: SCRIPT, ...ROUND_FEEDBACK },
    );

    // Conversations: teacher t's k-th with the course's coach. The first sets a step; after it, every
    // other one secures the current step and sets the next (k + t even: half the teachers are on the
    // other beat), and the ones between keep it. The check-back day is 7–21 days on. Kept in a
    // temporary table for the steps.
    const conversationsPerTeacher = perTeacher(size.conversations);
    await sequelize.query(
      `CREATE TEMP TABLE "seed_conversations" ON COMMIT DROP AS
       SELECT s.i, s.t, s.k, md5('conversation:' || s.i)::uuid::text AS id, c."key" AS "contextKey", c."coachId",
         c."coachName", 'teacher-' || lpad(s.t::text, 5, '0') AS "teacherId", s."heldAt",
         to_char(s."heldAt" + (7 + s.t % 15) * interval '1 day', 'YYYY-MM-DD') AS "checkBackOn",
         s.k = 0 OR (s.k + s.t) % 2 = 0 AS "next", max(s.k) OVER (PARTITION BY s.t) AS "lastK"
       FROM (
         SELECT i, t, k, ${slotTime('k', 'i + 3', conversationsPerTeacher)} AS "heldAt"
         FROM generate_series(0, :conversations - 1) AS i,
           LATERAL (SELECT i % :teachers AS t, i / :teachers AS k) AS x
       ) AS s JOIN "seed_courses" c ON c."idx" = s.t / :perCourse`,
      { replacements: { ...base, conversations: size.conversations }, transaction },
    );
    await sequelize.query(`CREATE INDEX ON "seed_conversations" (t, k)`, { transaction });
    const conversationRecord = (json: string) =>
      put(put(`:${json}`, AT.teacher, 's."teacherId"'), AT.day, 's."checkBackOn"');
    await run(
      'conversations',
      `INSERT INTO "conversations" ("id", "tenant", "contextKey", "teacherId", "coachId", "heldAt", "record",
         "version", "lastChangeId", "createdAt", "updatedAt", "modelMediaId")
       SELECT s.id, :tenant, s."contextKey", s."teacherId", s."coachId", s."heldAt",
         CAST(CASE WHEN s."next" THEN ${conversationRecord('next')} ELSE ${conversationRecord('keep')} END AS json),
         1, md5('change:' || s.i)::uuid::text, s."heldAt", s."heldAt", NULL
       FROM "seed_conversations" s`,
      { next: TEMPLATES.next, keep: TEMPLATES.keep },
    );
    // A step per "next" conversation: secured by the teacher's following "next" one, its check-back
    // day the one the last conversation before that set; the teacher's last step is current.
    await run(
      'action_steps',
      `INSERT INTO "action_steps" ("id", "tenant", "contextKey", "teacherId", "setBy", "goal", "title", "what",
         "successCriteria", "whenToPractise", "why", "status", "setAt", "seq", "createdAt", "updatedAt",
         "checkBackOn", "securedAt", "securedBy", "securedByName", "moduleId")
       SELECT s.id, :tenant, s."contextKey", s."teacherId", s."coachId", :goal, :title, :what,
         CAST(:successCriteria AS json), :whenToPractise, :why,
         CASE WHEN n.id IS NULL THEN 'current' ELSE 'archived' END, s."heldAt",
         nextval(pg_get_serial_sequence('"sync_sequence"', 'seq')), s."heldAt",
         COALESCE(n."heldAt", kept."heldAt"), kept."checkBackOn", n."heldAt", n."coachId", n."coachName", NULL
       FROM (
         SELECT *, lead(k) OVER (PARTITION BY t ORDER BY k) AS "securedK" FROM "seed_conversations" WHERE "next"
       ) AS s
       LEFT JOIN "seed_conversations" n ON n.t = s.t AND n.k = s."securedK"
       JOIN "seed_conversations" kept ON kept.t = s.t AND kept.k = COALESCE(s."securedK" - 1, s."lastK")`,
      { ...STEP, successCriteria: JSON.stringify(STEP.successCriteria) },
    );
    await run(
      'sync_sequence',
      `INSERT INTO "sync_sequence" ("seq") SELECT "seq" FROM "action_steps" WHERE "tenant" = :tenant`,
    );

    const observationsPerTeacher = perTeacher(size.observations);
    const observationRecord = put(
      put(
        put(put(':observation', AT.teacher, 'o."teacherId"'), AT.startedAt, iso('o."startedAt"')),
        AT.note1,
        iso(`o."startedAt" + interval '2 minutes'`),
      ),
      AT.note2,
      iso(`o."startedAt" + interval '9 minutes'`),
    );
    await run(
      'observations',
      `INSERT INTO "observations" ("id", "tenant", "contextKey", "teacherId", "coachId", "startedAt", "record",
         "version", "lastChangeId", "createdAt", "updatedAt")
       SELECT md5('observation:' || o.i)::uuid::text, :tenant, c."key", o."teacherId", c."coachId", o."startedAt",
         CAST(${observationRecord} AS json), 1, md5('observed:' || o.i)::uuid::text, o."startedAt", o."startedAt"
       FROM (
         SELECT i, t, 'teacher-' || lpad(t::text, 5, '0') AS "teacherId",
           ${slotTime('k', 'i + 5', observationsPerTeacher)} AS "startedAt"
         FROM generate_series(0, :observations - 1) AS i,
           LATERAL (SELECT i % :teachers AS t, i / :teachers AS k) AS x
       ) AS o JOIN "seed_courses" c ON c."idx" = o.t / :perCourse`,
      { observations: size.observations, observation: TEMPLATES.observation },
    );

    // Check-ins: one in four from the browser extension (no activity), the rest on a module activity.
    const checkInsPerTeacher = perTeacher(size.checkIns);
    await run(
      'check_ins',
      `INSERT INTO "check_ins" ("id", "tenant", "contextKey", "userId", "linkKey", "moduleId", "actionStepId",
         "outcome", "note", "at", "createdAt")
       SELECT md5('check-in:' || x.i)::uuid::text, :tenant, c."key", 'teacher-' || lpad(x.t::text, 5, '0'),
         CASE WHEN x.k % 4 = 0 THEN NULL ELSE l."key" END, CASE WHEN x.k % 4 = 0 THEN NULL ELSE l."moduleId" END,
         NULL, (ARRAY['went-well', 'partly', 'not-yet', 'planned'])[x.k % 4 + 1],
         'It worked with year 8; the back row were slower.', x."at", x."at"
       FROM (
         SELECT i, t, k, ${slotTime('k', 'i + 11', checkInsPerTeacher)} AS "at"
         FROM generate_series(0, :checkIns - 1) AS i,
           LATERAL (SELECT i % :teachers AS t, i / :teachers AS k) AS y
       ) AS x
       JOIN "seed_courses" c ON c."idx" = x.t / :perCourse
       JOIN "seed_links" l ON l."idx" = c."idx" AND l."j" = x.k % ${MODULES_PER_COURSE}`,
      { checkIns: size.checkIns },
    );
  });
  const insertS = (performance.now() - insertStarted) / 1000;

  const vacuumStarted = performance.now();
  await sequelize.query(
    `VACUUM (ANALYZE) "coaching_contexts", "coaching_members", "lti_resource_links", "programme_schools",
       "programme_school_courses", "practice_rounds", "conversations", "action_steps", "sync_sequence",
       "observations", "check_ins"`,
  );
  const vacuumS = (performance.now() - vacuumStarted) / 1000;

  await checkSample(sequelize, target.tenant);
  return {
    ...(await countsOf(sequelize, target)),
    insertS,
    vacuumS,
    tables,
    sizesMb: await sizesOf(sequelize),
  };
}

function rowCount(result: unknown): number {
  if (typeof result === 'number') return result;
  const count = (result as { rowCount?: unknown } | null)?.rowCount;
  return typeof count === 'number' ? count : Number.NaN;
}

/** A multi-row INSERT of plain values into a temporary table, 500 rows a statement. */
async function insertValues(
  sequelize: Sequelize,
  transaction: Transaction,
  table: string,
  rows: readonly (string | number | null)[][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await sequelize.query(
      `INSERT INTO "${table}" VALUES ${batch.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ')}`,
      { replacements: batch.flat(), transaction },
    );
  }
}

/** Reads a few rows of each kind back and checks them as the tool would read them. */
async function checkSample(sequelize: Sequelize, tenant: string): Promise<void> {
  const rows = <T extends object>(sql: string) =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements: { tenant } });
  for (const row of await rows<{ record: unknown; teacherId: string; heldAt: Date }>(
    `SELECT "record", "teacherId", "heldAt" FROM "conversations" WHERE "tenant" = :tenant ORDER BY "id" LIMIT 20`,
  )) {
    const record = v.parse(ConversationInputSchema, row.record);
    if (record.teacherId !== row.teacherId) throw new Error('seeded conversation names another teacher');
  }
  for (const row of await rows<{ record: unknown; startedAt: Date }>(
    `SELECT "record", "startedAt" FROM "observations" WHERE "tenant" = :tenant ORDER BY "id" LIMIT 20`,
  )) {
    const record = v.parse(ObservationInputSchema, row.record);
    if (new Date(record.startedAt).getTime() !== row.startedAt.getTime())
      throw new Error(
        `seeded observation's record says ${record.startedAt}, its row ${row.startedAt.toISOString()}`,
      );
  }
  for (const row of await rows<{ selfAssessment: unknown; criteria: unknown }>(
    `SELECT "selfAssessment", "criteria" FROM "practice_rounds" WHERE "tenant" = :tenant ORDER BY "id" LIMIT 20`,
  )) {
    v.parse(v.array(CriterionJudgementSchema), row.selfAssessment);
    if (row.criteria !== null) v.parse(v.array(CriterionJudgementSchema), row.criteria);
  }
  const [steps] = await rows<{ teachers: string; current: string }>(
    `SELECT COUNT(DISTINCT "teacherId") AS "teachers", SUM(CASE WHEN "status" = 'current' THEN 1 ELSE 0 END) AS "current"
       FROM "action_steps" WHERE "tenant" = :tenant`,
  );
  if (Number(steps!.teachers) !== Number(steps!.current))
    throw new Error(
      `one current step per teacher expected: ${steps!.current} for ${steps!.teachers} teachers`,
    );
}

async function countsOf(
  sequelize: Sequelize,
  target: SeedTarget,
): Promise<Omit<ProgrammeSeedResult, 'insertS' | 'vacuumS' | 'tables' | 'sizesMb'>> {
  const [row] = await sequelize.query<Record<string, string>>(
    `SELECT
       (SELECT COUNT(*) FROM "coaching_contexts" WHERE "tenant" = :tenant) AS "courses",
       (SELECT COUNT(*) FROM "programme_schools" WHERE "tenant" = :tenant) AS "schools",
       (SELECT COUNT(*) FROM "coaching_contexts" c WHERE "tenant" = :tenant AND NOT EXISTS (
          SELECT 1 FROM "programme_school_courses" p WHERE p."tenant" = :tenant AND p."contextKey" = c."key")) AS "unplaced",
       (SELECT COUNT(DISTINCT "userId") FROM "coaching_members" WHERE "role" = 'coach') AS "coaches",
       (SELECT COUNT(*) FROM "coaching_members" WHERE "role" = 'teacher') AS "teachers",
       (SELECT COUNT(*) FROM "practice_rounds" WHERE "tenant" = :tenant) AS "rounds",
       (SELECT COUNT(*) FROM "practice_rounds" WHERE "tenant" = :tenant AND "reviewed") AS "reviewed",
       (SELECT COUNT(*) FROM "practice_rounds" WHERE "tenant" = :tenant AND "reviewed"
          AND "givenAt" <= "submittedAt" + INTERVAL '3 days') AS "reviewedWithin3Days",
       (SELECT COUNT(*) FROM "conversations" WHERE "tenant" = :tenant) AS "conversations",
       (SELECT COUNT(*) FROM "observations" WHERE "tenant" = :tenant) AS "observations",
       (SELECT COUNT(*) FROM "check_ins" WHERE "tenant" = :tenant) AS "checkIns",
       (SELECT COUNT(*) FROM "action_steps" WHERE "tenant" = :tenant) AS "steps",
       (SELECT COUNT(*) FROM "action_steps" WHERE "tenant" = :tenant AND "securedAt" IS NOT NULL) AS "stepsSecured"`,
    { type: QueryTypes.SELECT, replacements: { tenant: target.tenant } },
  );
  const n = (key: string) => Number(row![key]);
  return {
    courses: n('courses'),
    schools: n('schools'),
    unplaced: n('unplaced'),
    coaches: n('coaches'),
    teachers: n('teachers'),
    rounds: n('rounds'),
    reviewed: n('reviewed'),
    reviewedWithin3Days: n('reviewedWithin3Days'),
    conversations: n('conversations'),
    observations: n('observations'),
    checkIns: n('checkIns'),
    steps: n('steps'),
    stepsSecured: n('stepsSecured'),
  };
}

async function sizesOf(sequelize: Sequelize): Promise<Record<string, number>> {
  const rows = await sequelize.query<{ table: string; bytes: string }>(
    `SELECT relname AS "table", pg_total_relation_size(oid) AS "bytes" FROM pg_class
       WHERE relname IN ('practice_rounds', 'conversations', 'observations', 'check_ins', 'action_steps',
         'coaching_members') AND relkind = 'r'
     UNION ALL
     SELECT relname || ' (rows only)', pg_relation_size(oid) FROM pg_class
       WHERE relname = 'practice_rounds' AND relkind = 'r'
     UNION ALL
     SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname = 'practice_rounds_tenant_submitted_at'`,
    { type: QueryTypes.SELECT },
  );
  return Object.fromEntries(rows.map((row) => [row.table, Number(row.bytes) / 1024 / 1024]));
}
