/**
 * Schema changes, applied in order on every start and recorded in `coaching_migrations`
 * (ltijs-sequelize keeps its own list in `SequelizeMeta`).
 *
 * The rule for changing the schema:
 * - New table: define it in models.ts, nothing more. After the migrations, every start creates
 *   the tables that are missing (and indexes missing from models.ts); it never alters a table.
 * - Change to an existing table (add, rename, drop or retype a column; backfill data): change
 *   models.ts AND add the next numbered file here (0002-what-it-does.ts), listed in MIGRATIONS.
 *   On an empty database 0001 has already created the table in its new shape, so a migration
 *   checks first, e.g. `if (!('notes' in (await queryInterface.describeTable('action_steps'))))`.
 * - Never edit, rename or reorder a migration once it has run anywhere.
 */
import { Umzug, SequelizeStorage } from 'umzug';
import type { Sequelize } from 'sequelize';
import { baseline } from './0001-baseline.ts';
import { platformServiceOrigins } from './0002-platform-service-origins.ts';
import { linkActivity } from './0003-link-activity.ts';
import { sessionLifetime } from './0004-session-lifetime.ts';
import type { Migration, MigrationContext } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [
  baseline,
  platformServiceOrigins,
  linkActivity,
  sessionLifetime,
];

/** Any constant shared by every tool process: it names the lock, it is not a secret. */
const SCHEMA_LOCK = 72_410_001;

/**
 * Runs the pending migrations, then creates missing tables; returns the names it ran.
 * Under the schema lock: no migration runs twice, and no CREATE TABLE races another process.
 */
export function migrate(sequelize: Sequelize): Promise<string[]> {
  return withSchemaLock(sequelize, async () => {
    const umzug = new Umzug<MigrationContext>({
      migrations: [...MIGRATIONS],
      context: { sequelize, queryInterface: sequelize.getQueryInterface() },
      storage: new SequelizeStorage({
        sequelize,
        modelName: 'coaching_migration',
        tableName: 'coaching_migrations',
      }),
      logger: undefined,
    });
    const ran = await umzug.up();
    await sequelize.sync();
    return ran.map((migration) => migration.name);
  });
}

/**
 * Runs `work` (schema setup) one tool process at a time. On PostgreSQL several processes may
 * start at once: an advisory lock held by one transaction makes them take turns. The
 * transaction only holds the lock; `work` uses other pooled connections. Never nest it.
 */
export async function withSchemaLock<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  if (sequelize.getDialect() !== 'postgres') return work();
  return sequelize.transaction(async (transaction) => {
    await sequelize.query('SELECT pg_advisory_xact_lock(:key)', {
      replacements: { key: SCHEMA_LOCK },
      transaction,
    });
    return work();
  });
}
