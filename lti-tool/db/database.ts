import type { Sequelize } from 'sequelize';
import { defineModels } from './models.ts';
import { createActionStepStore } from './repositories/action-steps.ts';
import { createContextRepository } from './repositories/contexts.ts';
import { createDeepLinkRequestRepository } from './repositories/deep-link-requests.ts';
import { createDeviceRepository } from './repositories/devices.ts';
import { createGradeJobRepository } from './repositories/grade-jobs.ts';
import { createKeyRotationRepository } from './repositories/key-rotations.ts';
import { createResourceLinkRepository } from './repositories/resource-links.ts';
import { createLoginStateRepository } from './repositories/login-states.ts';
import { createPlatformRepository } from './repositories/platforms.ts';
import { createRegistrationTokenRepository } from './repositories/registration-tokens.ts';
import { createSessionRepository } from './repositories/sessions.ts';

/** Our repositories over one Sequelize connection; tables are created on start. */
export async function createDatabase(sequelize: Sequelize, now: () => Date = () => new Date()) {
  const models = defineModels(sequelize);
  await sequelize.sync();
  return {
    sessions: createSessionRepository(models, now),
    devices: createDeviceRepository(sequelize, models, now),
    contexts: createContextRepository(models),
    steps: createActionStepStore(sequelize, models, now),
    platforms: createPlatformRepository(models),
    loginStates: createLoginStateRepository(models, now),
    registrationTokens: createRegistrationTokenRepository(models, now),
    deepLinkRequests: createDeepLinkRequestRepository(models, now),
    resourceLinks: createResourceLinkRepository(models),
    gradeJobs: createGradeJobRepository(models),
    keyRotations: createKeyRotationRepository(models),
    close: () => sequelize.close(),
  };
}
export type Database = Awaited<ReturnType<typeof createDatabase>>;
