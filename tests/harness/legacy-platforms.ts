/**
 * A database as the tool left it before migration 0002: `lti_platforms` without
 * `serviceOrigins`, one platform registered. Then what the upgraded tool must do with it.
 */
import { expect } from 'vitest';
import { createDatabase } from '../../lti-tool/db/database.ts';
import { openSequelize } from '../../lti-tool/db/sequelize.ts';
import { createPreviousReleaseSchema } from './legacy-release.ts';

type DbConfig = { dataDir: string; databaseUrl: string | null };

const LEGACY = {
  id: '00000000-0000-4000-8000-000000000002',
  issuer: 'https://moodle.legacy.example',
  clientId: 'legacy-client',
  name: 'Legacy Moodle',
  authUrl: 'https://moodle.legacy.example/mod/lti/auth.php',
  tokenUrl: 'https://moodle.legacy.example/mod/lti/token.php',
  jwksUrl: 'https://moodle.legacy.example/mod/lti/certs.php',
};

export async function seedPlatformsBeforeServiceOrigins(config: DbConfig): Promise<void> {
  const sequelize = await openSequelize(config);
  // Nothing records a migration: all of them run on this database.
  await createPreviousReleaseSchema(sequelize, { migrations: 'none' });
  const queryInterface = sequelize.getQueryInterface();
  await queryInterface.removeColumn('lti_platforms', 'serviceOrigins');
  const now = new Date();
  await queryInterface.bulkInsert('lti_platforms', [{ ...LEGACY, createdAt: now, updatedAt: now }]);
  await sequelize.close();
}

export async function expectServiceOriginsMigrated(config: DbConfig): Promise<void> {
  const db = await createDatabase(await openSequelize(config));
  try {
    // The platform registered before reads with no extra origins, and can be given some.
    expect(await db.platforms.find(LEGACY.issuer, LEGACY.clientId)).toMatchObject({
      id: LEGACY.id,
      serviceOrigins: [],
    });
    await db.platforms.upsert({ ...LEGACY, serviceOrigins: ['https://*.legacy.example'] });
    expect((await db.platforms.find(LEGACY.issuer, LEGACY.clientId))?.serviceOrigins).toEqual([
      'https://*.legacy.example',
    ]);
  } finally {
    await db.close();
  }
}
