import type { Migration } from './migration.ts';

/**
 * The tool's own signing keys (lti/keys/tool-keys.ts), which ltijs kept until now. At most one
 * signing key per platform (the partial unique index). Keys ltijs made are carried over at
 * start by lti/keys/legacy-keys.ts, through ltijs's documented API, not by SQL here.
 */
export const toolKeys: Migration = {
  name: '0006-tool-keys',
  async up({ context: { sequelize } }) {
    const sqlite = sequelize.getDialect() === 'sqlite';
    const timestamp = sqlite ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    const flag = sqlite ? 'TINYINT(1)' : 'BOOLEAN';
    for (const statement of [
      `CREATE TABLE IF NOT EXISTS "tool_keys" (
        "kid" VARCHAR(64) NOT NULL PRIMARY KEY, "issuer" TEXT NOT NULL, "clientId" TEXT NOT NULL,
        "publicJwk" JSON NOT NULL, "sealedPrivateKey" TEXT NOT NULL, "signing" ${flag} NOT NULL,
        "createdAt" ${timestamp} NOT NULL, "updatedAt" ${timestamp} NOT NULL)`,
      `CREATE UNIQUE INDEX IF NOT EXISTS "tool_keys_one_signing_key" ON "tool_keys" ("issuer", "clientId") WHERE "signing" = ${sqlite ? '1' : 'TRUE'}`,
    ]) {
      await sequelize.query(statement);
    }
  },
};
