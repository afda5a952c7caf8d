/**
 * Schema changes, applied in order on every start and recorded in `coaching_migrations`
 * (ltijs-sequelize keeps its own list in `SequelizeMeta`). Starts never `sync()`: the schema is
 * what these migrations write, and models.ts only describes it to TypeScript and Sequelize.
 *
 * The rule for changing the schema:
 * - Any change (a new table or index; add, rename, drop or retype a column; backfill data): add
 *   the next numbered file here (0006-what-it-does.ts), listed in MIGRATIONS, with its statements
 *   for SQLite and PostgreSQL (as 0001-baseline.ts writes them), AND change models.ts to match.
 *   tests/integration/postgres/migrations.test.ts and tests/integration/lti-tool/migrations.test.ts
 *   check that an upgraded database and a new one end with the same schema.
 * - Never edit, rename or reorder a migration once it has run anywhere.
 */
import { Umzug, SequelizeStorage } from 'umzug';
import type { Sequelize } from 'sequelize';
import { baseline } from './0001-baseline.ts';
import { platformServiceOrigins } from './0002-platform-service-origins.ts';
import { linkActivity } from './0003-link-activity.ts';
import { sessionLifetime } from './0004-session-lifetime.ts';
import { baselineCatchUp } from './0005-baseline-catch-up.ts';
import { toolKeys } from './0006-tool-keys.ts';
import { coachingCycle } from './0007-coaching-cycle.ts';
import { coachReminders } from './0008-coach-reminders.ts';
import { coachingModelRecordings } from './0009-coaching-model-recordings.ts';
import { programmeView } from './0010-programme-view.ts';
import { dataRights } from './0011-data-rights.ts';
import { shares } from './0012-shares.ts';
import { programmeSnapshots } from './0013-programme-snapshots.ts';
import { gradeJobRequestId } from './0014-grade-job-request-id.ts';
import { mediaBlobKeys } from './0015-media-blob-keys.ts';
import { gradeJobOrder } from './0016-grade-job-order.ts';
import type { Migration, MigrationContext } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [
  baseline,
  platformServiceOrigins,
  linkActivity,
  sessionLifetime,
  baselineCatchUp,
  toolKeys,
  coachingCycle,
  coachReminders,
  coachingModelRecordings,
  programmeView,
  dataRights,
  shares,
  programmeSnapshots,
  gradeJobRequestId,
  mediaBlobKeys,
  gradeJobOrder,
];

/** Any constant shared by every tool process: it names the lock, it is not a secret. */
const SCHEMA_LOCK = 72_410_001;

const umzugFor = (sequelize: Sequelize) =>
  new Umzug<MigrationContext>({
    migrations: [...MIGRATIONS],
    context: { sequelize, queryInterface: sequelize.getQueryInterface() },
    storage: new SequelizeStorage({
      sequelize,
      modelName: 'coaching_migration',
      tableName: 'coaching_migrations',
    }),
    logger: undefined,
  });

/**
 * Runs the pending migrations; returns the names it ran. Under the schema lock: no migration
 * runs twice, and no CREATE TABLE races another process.
 */
export function migrate(sequelize: Sequelize): Promise<string[]> {
  return withSchemaLock(sequelize, async () => {
    const umzug = umzugFor(sequelize);
    const ran = await umzug.up();
    return ran.map((migration) => migration.name);
  });
}

/**
 * Migrations this release has that the database has not run (readiness: an older process that
 * starts against a newer schema is fine, a newer one against an older schema is not ready).
 */
export async function pendingMigrations(sequelize: Sequelize): Promise<string[]> {
  return (await umzugFor(sequelize).pending()).map((migration) => migration.name);
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
