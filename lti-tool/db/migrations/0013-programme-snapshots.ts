import type { Migration } from './migration.ts';

/**
 * The programme view's snapshots (lti-tool/programme/programme-snapshots.ts): each scope's and
 * period's computed figures, kept as the JSON the view answers with, so a leader's page does not
 * read a programme's million rounds on every visit. Figures only: ids, names of coaches, schools,
 * courses and modules, counts; never a teacher's name or anything typed.
 */
export const programmeSnapshots: Migration = {
  name: '0013-programme-snapshots',
  async up({ context: { sequelize } }) {
    const timestamp = sequelize.getDialect() === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
    await sequelize.query(
      `CREATE TABLE IF NOT EXISTS "programme_snapshots" (
        "tenant" VARCHAR(64) NOT NULL, "key" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL,
        "computedAt" ${timestamp} NOT NULL, PRIMARY KEY ("tenant", "key"))`,
    );
  },
};
