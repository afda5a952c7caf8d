import type { Migration } from './migration.ts';

/**
 * The programme view: schools (named sets of a tenant's courses), the leaders a provider admin
 * names for them, leaders' private notes per period, the LMS's person sourcedId for engagement
 * exports, and the indexes its period queries read by (tenant, time).
 */
export const programmeView: Migration = {
  name: '0010-programme-view',
  async up({ context: { sequelize } }) {
    const timestamp = sequelize.getDialect() === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    for (const statement of [
      `CREATE TABLE IF NOT EXISTS "programme_schools" (
        "tenant" VARCHAR(64) NOT NULL, "id" VARCHAR(64) NOT NULL, "name" TEXT NOT NULL,
        "createdAt" ${timestamp} NOT NULL, "updatedAt" ${timestamp} NOT NULL,
        PRIMARY KEY ("tenant", "id"))`,
      // A course is in one school at most.
      `CREATE TABLE IF NOT EXISTS "programme_school_courses" (
        "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
        "schoolId" VARCHAR(64) NOT NULL, PRIMARY KEY ("tenant", "contextKey"))`,
      `CREATE INDEX IF NOT EXISTS "programme_school_courses_tenant_school_id"
        ON "programme_school_courses" ("tenant", "schoolId")`,
      `CREATE TABLE IF NOT EXISTS "programme_leaders" (
        "tenant" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "schoolId" VARCHAR(64) NOT NULL,
        "name" TEXT NOT NULL, "createdAt" ${timestamp} NOT NULL,
        PRIMARY KEY ("tenant", "userId", "schoolId"))`,
      `CREATE TABLE IF NOT EXISTS "programme_notes" (
        "tenant" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "period" VARCHAR(10) NOT NULL,
        "text" TEXT NOT NULL, "updatedAt" ${timestamp} NOT NULL,
        PRIMARY KEY ("tenant", "userId", "period"))`,
      `ALTER TABLE "coaching_members" ADD COLUMN "sourcedId" TEXT`,
      // A range on (tenant, time), then every column the view's query of that table reads: the
      // query is answered from the index alone, never from rows that also hold typed text
      // (BENCHMARKS.md, "Programme view": a year of 1,000,000 rounds is 1.6 GB of rows, 185 MB here).
      `CREATE INDEX IF NOT EXISTS "conversations_tenant_held_at"
        ON "conversations" ("tenant", "heldAt", "contextKey", "teacherId", "coachId")`,
      `CREATE INDEX IF NOT EXISTS "observations_tenant_started_at"
        ON "observations" ("tenant", "startedAt", "contextKey", "teacherId", "coachId")`,
      `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_submitted_at"
        ON "practice_rounds" ("tenant", "submittedAt", "contextKey", "traineeId", "moduleId", "reviewed", "givenAt")`,
      `CREATE INDEX IF NOT EXISTS "check_ins_tenant_at" ON "check_ins" ("tenant", "at", "contextKey", "userId")`,
      // Secured in the period, and still open past the check-back day ("securedAt" IS NULL).
      `CREATE INDEX IF NOT EXISTS "action_steps_tenant_secured_at"
        ON "action_steps" ("tenant", "securedAt", "status", "checkBackOn", "contextKey", "teacherId")`,
    ]) {
      await sequelize.query(statement);
    }
  },
};
