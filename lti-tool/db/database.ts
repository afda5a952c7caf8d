import type { Sequelize } from 'sequelize';
import type { PoolUse } from '../ops/metrics.ts';
import { migrate, pendingMigrations, withSchemaLock } from './migrations/index.ts';
import { defineModels } from './models.ts';
import { createActionStepStore } from './repositories/action-steps.ts';
import { createCycleStore } from './repositories/cycle.ts';
import { createContextRepository } from './repositories/contexts.ts';
import { createDeepLinkRequestRepository } from './repositories/deep-link-requests.ts';
import { createDeviceRepository } from './repositories/devices.ts';
import { createGradeJobRepository } from './repositories/grade-jobs.ts';
import { createToolKeyRepository } from './repositories/tool-keys.ts';
import { createKeyRotationRepository } from './repositories/key-rotations.ts';
import { createResourceLinkRepository } from './repositories/resource-links.ts';
import { createLoginStateRepository } from './repositories/login-states.ts';
import { createPlatformRepository } from './repositories/platforms.ts';
import { createRegistrationTokenRepository } from './repositories/registration-tokens.ts';
import { createSessionRepository } from './repositories/sessions.ts';
import { createCheckInRepository } from './repositories/check-ins.ts';
import { createCoachReminderRepository } from './repositories/coach-reminders.ts';
import { createDraftRepository } from './repositories/drafts.ts';
import { createLegacyMediaRepository, createMediaRepository } from './repositories/media.ts';
import { createModuleRepository } from './repositories/modules.ts';
import { createModuleUsageRepository } from './repositories/module-usage.ts';
import { createPracticeRoundRepository } from './repositories/practice-rounds.ts';
import { createPrivacyRepository } from './repositories/privacy.ts';
import { createProgrammeRepository } from './repositories/programme.ts';
import { createProgrammeSnapshotRepository } from './repositories/programme-snapshots.ts';
import { createSharingRepository } from './repositories/sharing.ts';
import { createReflectionRepository } from './repositories/reflections.ts';
import { createTraineeHistoryRepository } from './repositories/trainee-history.ts';
import { rateLimitCounters } from './rate-limit-store.ts';
import { serializeSqliteWrites } from './sqlite-writer.ts';

/** Our repositories over one Sequelize connection; pending migrations run on start (migrations/index.ts). */
/** What the connection pool holds now; null where there is none (SQLite keeps one connection). */
function poolUse(sequelize: Sequelize): PoolUse | null {
  // sequelize-pool's Pool, as Sequelize v6 keeps it for PostgreSQL (not part of its typed API).
  const pool = (sequelize.connectionManager as unknown as { pool?: Partial<PoolUse> }).pool;
  if (!pool || typeof pool.size !== 'number') return null;
  return {
    size: pool.size,
    using: pool.using ?? 0,
    available: pool.available ?? 0,
    waiting: pool.waiting ?? 0,
  };
}

export async function createDatabase(sequelize: Sequelize, now: () => Date = () => new Date()) {
  const models = defineModels(sequelize);
  // Before anything writes, migrations included: one write path on SQLite.
  serializeSqliteWrites(sequelize);
  await migrate(sequelize);
  return {
    sessions: createSessionRepository(sequelize, models, now),
    devices: createDeviceRepository(sequelize, models, now),
    contexts: createContextRepository(models),
    steps: createActionStepStore(sequelize, models, now),
    cycle: createCycleStore(sequelize, models),
    platforms: createPlatformRepository(models),
    loginStates: createLoginStateRepository(sequelize, models, now),
    registrationTokens: createRegistrationTokenRepository(models, now),
    deepLinkRequests: createDeepLinkRequestRepository(models, now),
    resourceLinks: createResourceLinkRepository(models),
    gradeJobs: createGradeJobRepository(models),
    keyRotations: createKeyRotationRepository(models),
    toolKeys: createToolKeyRepository(sequelize, models),
    modules: createModuleRepository(sequelize, models, now),
    rounds: createPracticeRoundRepository(sequelize, models, now),
    checkIns: createCheckInRepository(models, now),
    reflections: createReflectionRepository(models, now),
    drafts: createDraftRepository(sequelize, models),
    media: createMediaRepository(sequelize, models),
    /** Files an earlier release stored with their bytes in the database (media/move-blobs-out.ts). */
    legacyMedia: createLegacyMediaRepository(models),
    history: createTraineeHistoryRepository(models),
    moduleUsage: createModuleUsageRepository(models),
    reminders: createCoachReminderRepository(models),
    /** A person's download, their erasure, erasure requests and recordings' retention. */
    privacy: createPrivacyRepository(sequelize, models),
    /** The programme view's reads, and its schools, leaders and notes. */
    programme: createProgrammeRepository(sequelize),
    /** The programme view's computed figures, kept between visits. */
    programmeSnapshots: createProgrammeSnapshotRepository(sequelize),
    /** Teachers' shares of a round or a conversation with a named person. */
    sharing: createSharingRepository(sequelize, models),
    /** Where rate-limit counts live: memory on SQLite, a shared table on PostgreSQL. */
    rateLimitCounters: rateLimitCounters(sequelize),
    /** Other schema setup (ltijs creates its own tables) one process at a time, as migrations are. */
    withSchemaLock: <T>(work: () => Promise<T>) => withSchemaLock(sequelize, work),
    /** Readiness: the database answers, and has run every migration of this release. */
    ping: async () => void (await sequelize.query('SELECT 1')),
    pendingMigrations: () => pendingMigrations(sequelize),
    /** Connections in use, idle and waited for (the pool's own counts), for /metrics. */
    pool: () => poolUse(sequelize),
    close: () => sequelize.close(),
  };
}
export type Database = Awaited<ReturnType<typeof createDatabase>>;
