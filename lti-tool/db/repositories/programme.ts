import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type {
  CoachingEvent,
  ProgrammeFacts,
  TeacherRef,
} from '../../../shared/domain/programme/programme-facts.ts';
import { REVIEW_WINDOW_DAYS, type School } from '../../../shared/domain/programme/programme-summary.ts';
import type {
  EngagementRow,
  FactScope,
  FactWindow,
  Leader,
  ProgrammeFactSource,
  ProgrammeStore,
} from '../../programme/ports.ts';
import { inTransaction } from '../transaction.ts';

type Replacements = Record<string, unknown>;

/**
 * SQLite hands back raw DATETIME text and counts as numbers; PostgreSQL counts as text, and the
 * events' times as epoch milliseconds (`epochMs`).
 */
const asDate = (value: unknown) =>
  value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
const asCount = (value: unknown) => Number(value ?? 0);

/**
 * The programme view's reads: every query is narrowed to one tenant and, for a leader, to their
 * schools' courses, and reads ids, times and counts only (no column of typed text is selected).
 * Each period query is a range on (tenant, time), indexed by migration 0010.
 */
export function createProgrammeRepository(sequelize: Sequelize): ProgrammeFactSource & ProgrammeStore {
  const sqlite = sequelize.getDialect() === 'sqlite';
  const select = <T extends object>(sql: string, replacements: Replacements, transaction?: Transaction) =>
    sequelize.query<T>(sql, {
      type: QueryTypes.SELECT,
      replacements,
      ...(transaction ? { transaction } : {}),
    });
  /** `AND <column> IN (...)` for a leader's courses; nothing for the whole tenant. */
  const courseFilter = (scope: FactScope, column: string) =>
    scope.courseKeys === null ? '' : `AND "${column}" IN (:courseKeys)`;
  const scopeReplacements = (scope: FactScope): Replacements => ({
    tenant: scope.tenant,
    // An empty IN () is not SQL: a leader of schools with no courses matches none.
    courseKeys: scope.courseKeys?.length ? scope.courseKeys : ['\u0000none'],
  });
  const within3Days = sqlite
    ? `julianday("givenAt") - julianday("submittedAt") <= ${REVIEW_WINDOW_DAYS}`
    : `"givenAt" <= "submittedAt" + INTERVAL '${REVIEW_WINDOW_DAYS} days'`;
  const reviewed = sqlite ? `"reviewed" = 1` : `"reviewed" = true`;
  /**
   * A PostgreSQL timestamp as epoch milliseconds (a float8, which node-postgres reads with
   * parseFloat): parsing tens of thousands of timestamps into Dates took about half of reading
   * the events (BENCHMARKS.md, "Programme view"). SQLite's DATETIME text stays as it is.
   */
  const epochMs = (column: string) =>
    // date_part is a double; EXTRACT is a numeric since PostgreSQL 14, half as fast here.
    sqlite ? `"${column}"` : `round(date_part('epoch', "${column}") * 1000)`;
  /**
   * PostgreSQL: the rounds' tally groups tens of thousands of (course, teacher, module); within the
   * default work_mem (4 MB) the planner sorts them on disk, with 32 MB it hashes them in memory, in
   * less than half the time; a year of rounds is costly enough to be JIT-compiled, which costs more
   * than it saves (BENCHMARKS.md, "Programme view"). For that one query only.
   */
  const withRoomToGroup = <T extends object>(sql: string, replacements: Replacements) =>
    sqlite
      ? select<T>(sql, replacements)
      : sequelize.transaction(async (transaction) => {
          await sequelize.query(`SET LOCAL work_mem = '32MB'`, { transaction });
          await sequelize.query(`SET LOCAL jit = off`, { transaction });
          return select<T>(sql, replacements, transaction);
        });

  async function courses(scope: FactScope) {
    return select<{ key: string; title: string | null }>(
      `SELECT "key", "title" FROM "coaching_contexts" WHERE "tenant" = :tenant ${courseFilter(scope, 'key')}
       ORDER BY "title", "key"`,
      scopeReplacements(scope),
    );
  }

  /** The course's people of one role, narrowed to the scope's courses through their course. */
  const membersSql = (
    scope: FactScope,
    role: 'teacher' | 'coach',
    columns = 'm."contextKey", m."userId", m."name", m."sourcedId"',
  ) =>
    `SELECT ${columns} FROM "coaching_members" m
       JOIN "coaching_contexts" c ON c."key" = m."contextKey"
       WHERE c."tenant" = :tenant AND m."role" = '${role}' ${courseFilter(scope, 'contextKey').replace('"contextKey"', 'm."contextKey"')}`;

  return {
    async facts(scope: FactScope, window: FactWindow): Promise<Omit<ProgrammeFacts, 'modules'>> {
      const range = { ...scopeReplacements(scope), from: window.from, to: window.to };
      const [
        courseRows,
        teacherRows,
        coachRows,
        eventRows,
        practiceRows,
        checkInRows,
        securedRows,
        overdueRows,
      ] = await Promise.all([
        courses(scope),
        select<{ contextKey: string; userId: string }>(
          membersSql(scope, 'teacher', 'm."contextKey", m."userId"'),
          range,
        ),
        select<{ userId: string; name: string | null }>(
          membersSql(scope, 'coach', 'm."userId", m."name"'),
          range,
        ),
        select<{
          kind: CoachingEvent['kind'];
          contextKey: string;
          teacherId: string;
          coachId: string;
          at: unknown;
        }>(
          `SELECT 'conversation' AS "kind", "contextKey", "teacherId", "coachId", ${epochMs('heldAt')} AS "at"
               FROM "conversations"
               WHERE "tenant" = :tenant AND "heldAt" >= :from AND "heldAt" < :to ${courseFilter(scope, 'contextKey')}
             UNION ALL
             SELECT 'observation' AS "kind", "contextKey", "teacherId", "coachId", ${epochMs('startedAt')} AS "at"
               FROM "observations"
               WHERE "tenant" = :tenant AND "startedAt" >= :from AND "startedAt" < :to ${courseFilter(scope, 'contextKey')}`,
          range,
        ),
        withRoomToGroup<{
          contextKey: string;
          teacherId: string;
          moduleId: string;
          rounds: unknown;
          timely: unknown;
        }>(
          `SELECT "contextKey", "traineeId" AS "teacherId", "moduleId", CAST(COUNT(*) AS INTEGER) AS "rounds",
                CAST(SUM(CASE WHEN ${reviewed} AND ${within3Days} THEN 1 ELSE 0 END) AS INTEGER) AS "timely"
               FROM "practice_rounds"
               WHERE "tenant" = :tenant AND "submittedAt" >= :from AND "submittedAt" < :to
                 ${courseFilter(scope, 'contextKey')}
               GROUP BY "contextKey", "traineeId", "moduleId"`,
          range,
        ),
        select<{ contextKey: string; teacherId: string; checkIns: unknown }>(
          `SELECT "contextKey", "userId" AS "teacherId", CAST(COUNT(*) AS INTEGER) AS "checkIns" FROM "check_ins"
               WHERE "tenant" = :tenant AND "at" >= :from AND "at" < :to ${courseFilter(scope, 'contextKey')}
               GROUP BY "contextKey", "userId"`,
          range,
        ),
        select<TeacherRef>(
          `SELECT DISTINCT "contextKey", "teacherId" FROM "action_steps"
               WHERE "tenant" = :tenant AND "securedAt" >= :securedFrom AND "securedAt" < :to
                 ${courseFilter(scope, 'contextKey')}`,
          { ...range, securedFrom: window.securedFrom },
        ),
        select<TeacherRef>(
          `SELECT DISTINCT "contextKey", "teacherId" FROM "action_steps"
               WHERE "tenant" = :tenant AND "status" = 'current' AND "securedAt" IS NULL
                 AND "checkBackOn" IS NOT NULL AND "checkBackOn" < :today ${courseFilter(scope, 'contextKey')}`,
          { ...range, today: window.today },
        ),
      ]);
      const events = eventRows.map((row) => ({
        kind: row.kind,
        contextKey: row.contextKey,
        teacherId: row.teacherId,
        coachId: row.coachId,
        at: asDate(row.at),
      }));
      // Coaches by name: those in the scope's courses who coached in the period.
      const active = new Set(events.map((event) => event.coachId));
      const coaches = new Map<string, string>();
      for (const row of coachRows) {
        if (active.has(row.userId) && !coaches.has(row.userId))
          coaches.set(row.userId, row.name ?? 'Unnamed coach');
      }
      for (const id of active) if (!coaches.has(id)) coaches.set(id, 'A coach no longer in these courses');
      return {
        courses: courseRows,
        coaches,
        teachers: teacherRows.map((row) => ({ contextKey: row.contextKey, teacherId: row.userId })),
        events,
        practice: practiceRows.map((row) => ({
          contextKey: row.contextKey,
          teacherId: row.teacherId,
          moduleId: row.moduleId,
          rounds: asCount(row.rounds),
          reviewedWithin3Days: asCount(row.timely),
        })),
        checkIns: checkInRows.map((row) => ({
          contextKey: row.contextKey,
          teacherId: row.teacherId,
          checkIns: asCount(row.checkIns),
        })),
        secured: securedRows,
        overdue: overdueRows,
      };
    },

    async engagement(scope, window): Promise<EngagementRow[]> {
      const range = { ...scopeReplacements(scope), from: window.from, to: window.to };
      const tally = (table: string, person: string, at: string, extra = '') =>
        `SELECT "contextKey", "${person}" AS "userId", COUNT(*) AS "n"${extra} FROM "${table}"
           WHERE "tenant" = :tenant AND "${at}" >= :from AND "${at}" < :to ${courseFilter(scope, 'contextKey')}
           GROUP BY "contextKey", "${person}"`;
      const [teachers, titles, conversations, observations, rounds, checkIns, reflections] =
        await Promise.all([
          select<{ contextKey: string; userId: string; sourcedId: string | null }>(
            membersSql(scope, 'teacher'),
            range,
          ),
          courses(scope),
          select<Tally>(tally('conversations', 'teacherId', 'heldAt'), range),
          select<Tally>(tally('observations', 'teacherId', 'startedAt'), range),
          select<Tally>(tally('practice_rounds', 'traineeId', 'submittedAt'), range),
          select<Tally & { fromExtension: unknown }>(
            tally(
              'check_ins',
              'userId',
              'at',
              `, SUM(CASE WHEN "linkKey" IS NULL THEN 1 ELSE 0 END) AS "fromExtension"`,
            ),
            range,
          ),
          select<Tally>(tally('reflections', 'userId', 'writtenAt'), range),
        ]);
      const key = (row: { contextKey: string; userId: string }) => `${row.contextKey}\u0000${row.userId}`;
      const counts = (rows: readonly Tally[]) => new Map(rows.map((row) => [key(row), asCount(row.n)]));
      const [conv, obs, rnd, chk, refl] = [conversations, observations, rounds, checkIns, reflections].map(
        counts,
      ) as [
        Map<string, number>,
        Map<string, number>,
        Map<string, number>,
        Map<string, number>,
        Map<string, number>,
      ];
      const fromExtension = new Map(checkIns.map((row) => [key(row), asCount(row.fromExtension)]));
      const courseTitle = new Map(titles.map((course) => [course.key, course.title]));
      return teachers
        .map((teacher) => ({
          contextKey: teacher.contextKey,
          courseTitle: courseTitle.get(teacher.contextKey) ?? null,
          userId: teacher.userId,
          sourcedId: teacher.sourcedId,
          conversations: conv.get(key(teacher)) ?? 0,
          observations: obs.get(key(teacher)) ?? 0,
          rounds: rnd.get(key(teacher)) ?? 0,
          checkIns: chk.get(key(teacher)) ?? 0,
          reflections: refl.get(key(teacher)) ?? 0,
          extensionCheckIns: fromExtension.get(key(teacher)) ?? 0,
        }))
        .sort((a, b) => (a.contextKey + a.userId < b.contextKey + b.userId ? -1 : 1));
    },

    async schools(tenant: string): Promise<School[]> {
      const [schools, placements] = await Promise.all([
        select<{ id: string; name: string }>(
          `SELECT "id", "name" FROM "programme_schools" WHERE "tenant" = :tenant ORDER BY "name", "id"`,
          { tenant },
        ),
        select<{ schoolId: string; contextKey: string }>(
          `SELECT "schoolId", "contextKey" FROM "programme_school_courses" WHERE "tenant" = :tenant
             ORDER BY "contextKey"`,
          { tenant },
        ),
      ]);
      return schools.map((school) => ({
        id: school.id,
        name: school.name,
        courseKeys: placements.filter((row) => row.schoolId === school.id).map((row) => row.contextKey),
      }));
    },

    async putSchool(tenant, school, now) {
      await inTransaction(sequelize, async (transaction) => {
        const known = await select<{ key: string }>(
          `SELECT "key" FROM "coaching_contexts" WHERE "tenant" = :tenant AND "key" IN (:keys)`,
          { tenant, keys: school.courseKeys.length ? school.courseKeys : ['\u0000none'] },
          transaction,
        );
        await sequelize.query(
          `INSERT INTO "programme_schools" ("tenant", "id", "name", "createdAt", "updatedAt")
             VALUES (:tenant, :id, :name, :now, :now)
             ON CONFLICT ("tenant", "id") DO UPDATE SET "name" = excluded."name", "updatedAt" = excluded."updatedAt"`,
          { replacements: { tenant, id: school.id, name: school.name, now }, transaction },
        );
        await sequelize.query(
          `DELETE FROM "programme_school_courses" WHERE "tenant" = :tenant AND "schoolId" = :id`,
          {
            replacements: { tenant, id: school.id },
            transaction,
          },
        );
        for (const { key } of known) {
          await sequelize.query(
            `INSERT INTO "programme_school_courses" ("tenant", "contextKey", "schoolId") VALUES (:tenant, :key, :id)
               ON CONFLICT ("tenant", "contextKey") DO UPDATE SET "schoolId" = excluded."schoolId"`,
            { replacements: { tenant, key, id: school.id }, transaction },
          );
        }
      });
    },

    async removeSchool(tenant, id) {
      return inTransaction(sequelize, async (transaction) => {
        const replacements = { tenant, id };
        const found = await select(
          `SELECT 1 FROM "programme_schools" WHERE "tenant" = :tenant AND "id" = :id`,
          replacements,
          transaction,
        );
        for (const table of ['programme_school_courses', 'programme_leaders']) {
          await sequelize.query(`DELETE FROM "${table}" WHERE "tenant" = :tenant AND "schoolId" = :id`, {
            replacements,
            transaction,
          });
        }
        await sequelize.query(`DELETE FROM "programme_schools" WHERE "tenant" = :tenant AND "id" = :id`, {
          replacements,
          transaction,
        });
        return found.length > 0;
      });
    },

    leaders: (tenant) =>
      select<Leader>(
        `SELECT "userId", "name", "schoolId" FROM "programme_leaders" WHERE "tenant" = :tenant ORDER BY "name", "userId"`,
        { tenant },
      ),

    async schoolsLedBy(tenant, userId) {
      const rows = await select<{ schoolId: string }>(
        `SELECT "schoolId" FROM "programme_leaders" WHERE "tenant" = :tenant AND "userId" = :userId`,
        { tenant, userId },
      );
      return rows.map((row) => row.schoolId);
    },

    async putLeader(tenant, leader, now) {
      return inTransaction(sequelize, async (transaction) => {
        const school = await select(
          `SELECT 1 FROM "programme_schools" WHERE "tenant" = :tenant AND "id" = :id`,
          { tenant, id: leader.schoolId },
          transaction,
        );
        if (school.length === 0) return false;
        // One school per leader here: naming them again moves them.
        await sequelize.query(
          `DELETE FROM "programme_leaders" WHERE "tenant" = :tenant AND "userId" = :userId`,
          {
            replacements: { tenant, userId: leader.userId },
            transaction,
          },
        );
        await sequelize.query(
          `INSERT INTO "programme_leaders" ("tenant", "userId", "schoolId", "name", "createdAt")
             VALUES (:tenant, :userId, :schoolId, :name, :now)`,
          { replacements: { tenant, ...leader, now }, transaction },
        );
        return true;
      });
    },

    async removeLeader(tenant, userId) {
      return inTransaction(sequelize, async (transaction) => {
        const found = await select(
          `SELECT 1 FROM "programme_leaders" WHERE "tenant" = :tenant AND "userId" = :userId`,
          { tenant, userId },
          transaction,
        );
        await sequelize.query(
          `DELETE FROM "programme_leaders" WHERE "tenant" = :tenant AND "userId" = :userId`,
          {
            replacements: { tenant, userId },
            transaction,
          },
        );
        return found.length > 0;
      });
    },

    async note(tenant, userId, period) {
      const [row] = await select<{ text: string }>(
        `SELECT "text" FROM "programme_notes" WHERE "tenant" = :tenant AND "userId" = :userId AND "period" = :period`,
        { tenant, userId, period },
      );
      return row?.text ?? '';
    },

    async putNote(tenant, userId, period, text, now) {
      await sequelize.query(
        `INSERT INTO "programme_notes" ("tenant", "userId", "period", "text", "updatedAt")
           VALUES (:tenant, :userId, :period, :text, :now)
           ON CONFLICT ("tenant", "userId", "period") DO UPDATE SET "text" = excluded."text", "updatedAt" = excluded."updatedAt"`,
        { replacements: { tenant, userId, period, text, now } },
      );
    },

    courses: (tenant) => courses({ tenant, courseKeys: null }),
  };
}

interface Tally {
  contextKey: string;
  userId: string;
  n: unknown;
}
