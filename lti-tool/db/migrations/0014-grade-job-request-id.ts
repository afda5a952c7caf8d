import type { Migration } from './migration.ts';

/**
 * The request a grade job was queued in (its X-Request-Id): the job's own log lines, sent
 * minutes later by the job runner, carry it, so one id follows a score from the click to the LMS.
 */
export const gradeJobRequestId: Migration = {
  name: '0014-grade-job-request-id',
  async up({ context: { sequelize } }) {
    await sequelize.query(`ALTER TABLE "grade_jobs" ADD COLUMN "requestId" VARCHAR(128)`);
  },
};
