import type { Migration } from './migration.ts';

/**
 * The coach's weekly cycle: observations and coaching conversations (each a record the coach's
 * device made, identified by its client id, with a version for edits from two devices), a course's
 * coaching rhythm, the next planned observation of each teacher, when each coach last looked at their caseload, and on action steps the
 * check-back day and when (and by whom) a step was secured.
 */
export const coachingCycle: Migration = {
  name: '0007-coaching-cycle',
  async up({ context: { sequelize } }) {
    const sqlite = sequelize.getDialect() === 'sqlite';
    const timestamp = sqlite ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    const record = (table: string, when: string) =>
      `CREATE TABLE IF NOT EXISTS "${table}" (
        "id" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
        "contextKey" VARCHAR(64) NOT NULL, "teacherId" VARCHAR(255) NOT NULL,
        "coachId" VARCHAR(255) NOT NULL, "${when}" ${timestamp} NOT NULL, "record" JSON NOT NULL,
        "version" INTEGER NOT NULL, "lastChangeId" VARCHAR(64) NOT NULL,
        "createdAt" ${timestamp} NOT NULL, "updatedAt" ${timestamp} NOT NULL)`;
    for (const statement of [
      record('observations', 'startedAt'),
      `CREATE INDEX IF NOT EXISTS "observations_tenant_context_key_teacher_id_started_at"
        ON "observations" ("tenant", "contextKey", "teacherId", "startedAt")`,
      record('conversations', 'heldAt'),
      `CREATE INDEX IF NOT EXISTS "conversations_tenant_context_key_teacher_id_held_at"
        ON "conversations" ("tenant", "contextKey", "teacherId", "heldAt")`,
      `CREATE TABLE IF NOT EXISTS "course_settings" (
        "contextKey" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
        "rhythm" JSON NOT NULL, "updatedAt" ${timestamp} NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS "planned_observations" (
        "contextKey" VARCHAR(64) NOT NULL, "teacherId" VARCHAR(255) NOT NULL,
        "tenant" VARCHAR(64) NOT NULL, "coachId" VARCHAR(255) NOT NULL, "on" VARCHAR(10) NOT NULL,
        "updatedAt" ${timestamp} NOT NULL, PRIMARY KEY ("contextKey", "teacherId"))`,
      `CREATE TABLE IF NOT EXISTS "caseload_views" (
        "contextKey" VARCHAR(64) NOT NULL, "coachId" VARCHAR(255) NOT NULL,
        "seenAt" ${timestamp} NOT NULL, PRIMARY KEY ("contextKey", "coachId"))`,
      `ALTER TABLE "action_steps" ADD COLUMN "checkBackOn" VARCHAR(10)`,
      `ALTER TABLE "action_steps" ADD COLUMN "securedAt" ${timestamp}`,
      `ALTER TABLE "action_steps" ADD COLUMN "securedBy" VARCHAR(255)`,
      `ALTER TABLE "action_steps" ADD COLUMN "securedByName" TEXT`,
      // The module a conversation took the step from: its probing questions come back next time.
      `ALTER TABLE "action_steps" ADD COLUMN "moduleId" VARCHAR(64)`,
      // The caseload's grouped queries over one course (BENCHMARKS.md "Coaching cycle": EXPLAIN).
      `CREATE INDEX IF NOT EXISTS "action_steps_tenant_context_key_status"
        ON "action_steps" ("tenant", "contextKey", "status")`,
      `CREATE INDEX IF NOT EXISTS "check_ins_tenant_context_key_at" ON "check_ins" ("tenant", "contextKey", "at")`,
      `CREATE INDEX IF NOT EXISTS "reflections_tenant_context_key_written_at"
        ON "reflections" ("tenant", "contextKey", "writtenAt")`,
    ]) {
      await sequelize.query(statement);
    }
  },
};
