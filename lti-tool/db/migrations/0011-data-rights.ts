import type { Migration } from './migration.ts';

/**
 * Data rights (docs/privacy.md): a round whose recording was deleted after the retention period
 * says after how many days (its page shows that instead of a player), and a provider admin's
 * request to erase someone is kept until the operator runs it (`npm run lti -- erase --request`),
 * then kept without the person's id as the record that it was done.
 */
export const dataRights: Migration = {
  name: '0011-data-rights',
  async up({ context: { sequelize } }) {
    const timestamp = sequelize.getDialect() === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    for (const statement of [
      `ALTER TABLE "practice_rounds" ADD COLUMN "audioDeletedAfterDays" INTEGER`,
      `CREATE TABLE IF NOT EXISTS "erasure_requests" (
        "id" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
        "userId" VARCHAR(255), "requestedBy" VARCHAR(255) NOT NULL, "status" VARCHAR(10) NOT NULL,
        "requestedAt" ${timestamp} NOT NULL, "completedAt" ${timestamp}, "removed" JSON)`,
      `CREATE INDEX IF NOT EXISTS "erasure_requests_status" ON "erasure_requests" ("status")`,
      // Retention's scan: a tenant's oldest rehearsals first.
      `CREATE INDEX IF NOT EXISTS "media_files_purpose_created_at" ON "media_files" ("purpose", "createdAt")`,
    ]) {
      await sequelize.query(statement);
    }
  },
};
