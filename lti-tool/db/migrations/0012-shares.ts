import type { Migration } from './migration.ts';

/**
 * Sharing (README "The programme view", docs/privacy.md): a teacher shares one of their practice
 * rounds or the record of one of their coaching conversations with a named person at their
 * institution (tenant), by that person's LMS user id; revoked shares are kept, marked, for the
 * teacher's own list. Read by recipient ("shared with me") and by owner ("my shares").
 */
export const shares: Migration = {
  name: '0012-shares',
  async up({ context: { sequelize } }) {
    const timestamp = sequelize.getDialect() === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    for (const statement of [
      `CREATE TABLE IF NOT EXISTS "shares" (
        "id" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
        "ownerId" VARCHAR(255) NOT NULL, "kind" VARCHAR(16) NOT NULL, "itemId" VARCHAR(64) NOT NULL,
        "recipientId" VARCHAR(255) NOT NULL, "recipientName" TEXT NOT NULL,
        "createdAt" ${timestamp} NOT NULL, "revokedAt" ${timestamp})`,
      `CREATE INDEX IF NOT EXISTS "shares_tenant_recipient_id" ON "shares" ("tenant", "recipientId")`,
      `CREATE INDEX IF NOT EXISTS "shares_tenant_owner_id" ON "shares" ("tenant", "ownerId")`,
    ]) {
      await sequelize.query(statement);
    }
  },
};
