import type { Migration } from './migration.ts';

/**
 * Coaches' reminders (lti-tool/reminders/): per coach and course, the digest's address and
 * frequency, when the last digest went (a conditional update of it claims the next one), and the
 * hash of their calendar feed's token (unique: a token opens one feed).
 */
export const coachReminders: Migration = {
  name: '0008-coach-reminders',
  async up({ context: { sequelize } }) {
    const timestamp = sequelize.getDialect() === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    for (const statement of [
      `CREATE TABLE IF NOT EXISTS "coach_reminders" (
        "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
        "coachId" VARCHAR(255) NOT NULL, "email" VARCHAR(254), "digest" VARCHAR(10) NOT NULL,
        "lastDigestAt" ${timestamp}, "feedTokenHash" VARCHAR(64),
        "createdAt" ${timestamp} NOT NULL, "updatedAt" ${timestamp} NOT NULL,
        PRIMARY KEY ("tenant", "contextKey", "coachId"))`,
      `CREATE UNIQUE INDEX IF NOT EXISTS "coach_reminders_feed_token_hash" ON "coach_reminders" ("feedTokenHash")`,
      `CREATE INDEX IF NOT EXISTS "coach_reminders_digest" ON "coach_reminders" ("digest")`,
    ]) {
      await sequelize.query(statement);
    }
  },
};
