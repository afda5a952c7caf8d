import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import {
  PlatformAlreadyRegisteredError,
  type NewPlatform,
  type PlatformRecord,
  type PlatformStore,
} from '../../lti/platforms/platform-store.ts';
import type { Models, PlatformRow } from '../models.ts';

/** The registry of LMSs (issuer + client_id) and their deployments that may launch the tool. */
export function createPlatformRepository(models: Models): PlatformStore {
  const toRecord = (row: PlatformRow): PlatformRecord => {
    const { serviceOrigins, ...data } = row.get();
    return { ...data, serviceOrigins: serviceOrigins ? serviceOrigins.split(' ') : [] };
  };
  const toRow = (platform: NewPlatform) => ({
    ...platform,
    serviceOrigins: platform.serviceOrigins?.length ? platform.serviceOrigins.join(' ') : null,
  });

  return {
    /**
     * Adds a platform that is not registered yet; never touches an existing one. The unique index
     * on (issuer, client_id) decides, so two registrations racing cannot both win.
     */
    async create(platform: NewPlatform): Promise<PlatformRecord> {
      try {
        return toRecord(await models.Platform.create({ ...toRow(platform), id: randomUUID() }));
      } catch (error) {
        if (error instanceof UniqueConstraintError) {
          throw new PlatformAlreadyRegisteredError(platform.issuer, platform.clientId);
        }
        throw error;
      }
    },

    /** Undoes a create() whose registration could not be completed. */
    async removeById(id: string): Promise<void> {
      await models.Deployment.destroy({ where: { platformId: id } });
      await models.Platform.destroy({ where: { id } });
    },

    /** Adds or updates by (issuer, client_id): the administrator's `platform add`, never a platform's. */
    async upsert(platform: NewPlatform): Promise<PlatformRecord> {
      const existing = await models.Platform.findOne({
        where: { issuer: platform.issuer, clientId: platform.clientId },
      });
      if (existing) {
        await existing.update(toRow(platform));
        return toRecord(existing);
      }
      return toRecord(await models.Platform.create({ ...toRow(platform), id: randomUUID() }));
    },

    async find(issuer: string, clientId: string): Promise<PlatformRecord | null> {
      const row = await models.Platform.findOne({ where: { issuer, clientId } });
      return row ? toRecord(row) : null;
    },

    async byId(id: string): Promise<PlatformRecord | null> {
      const row = await models.Platform.findByPk(id);
      return row ? toRecord(row) : null;
    },

    async withIssuer(issuer: string): Promise<PlatformRecord[]> {
      return (await models.Platform.findAll({ where: { issuer } })).map(toRecord);
    },

    async list(): Promise<(PlatformRecord & { deployments: string[] })[]> {
      const platforms = (await models.Platform.findAll({ order: [['issuer', 'ASC']] })).map(toRecord);
      const deployments = await models.Deployment.findAll();
      return platforms.map((platform) => ({
        ...platform,
        deployments: deployments.filter((d) => d.platformId === platform.id).map((d) => d.deploymentId),
      }));
    },

    async remove(issuer: string, clientId: string): Promise<boolean> {
      const platform = await models.Platform.findOne({ where: { issuer, clientId } });
      if (!platform) return false;
      await models.Deployment.destroy({ where: { platformId: platform.id } });
      await platform.destroy();
      return true;
    },

    async addDeployment(platformId: string, deploymentId: string): Promise<void> {
      await models.Deployment.findOrCreate({ where: { platformId, deploymentId } });
    },

    async hasDeployment(platformId: string, deploymentId: string): Promise<boolean> {
      return (await models.Deployment.count({ where: { platformId, deploymentId } })) > 0;
    },
  };
}
