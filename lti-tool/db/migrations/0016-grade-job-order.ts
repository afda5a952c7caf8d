import type { Migration } from './migration.ts';

/**
 * A user's scores on a link, by status and age: the sender reads the last one sent before each
 * score (its timestamp must be later) and claims a user's jobs oldest first, one at a time. A
 * programme's million rounds queue two million jobs; without it both read them all.
 */
export const gradeJobOrder: Migration = {
  name: '0016-grade-job-order',
  async up({ context: { sequelize } }) {
    await sequelize.query(
      `CREATE INDEX IF NOT EXISTS "grade_jobs_link_key_user_id_status_created_at"
         ON "grade_jobs" ("linkKey", "userId", "status", "createdAt")`,
    );
  },
};
