import { Op, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import * as v from 'valibot';
import {
  CoachingModuleSchema,
  type CoachingModule,
  type ModuleContent,
  type ModuleDefinition,
} from '../../../shared/domain/coaching/module.ts';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { ModuleStore } from '../../modules/ports.ts';
import type { CoachingModuleRow, Models } from '../models.ts';
import { inTransaction } from '../transaction.ts';

function toModule(row: CoachingModuleRow): CoachingModule {
  // Stored content was valid when saved; parsing again keeps a hand-edited row from reaching a page.
  return v.parse(CoachingModuleSchema, {
    ...row.content,
    id: row.id,
    origin: 'provider',
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  });
}

/** Split a definition into its key and the content stored as JSON. */
function contentOf(module: ModuleDefinition | ModuleContent): ModuleContent {
  const { title, summary, phase, theme, targetPerformance, models, actionStep, scenarios } = module;
  return {
    title,
    summary,
    phase,
    theme,
    targetPerformance,
    models,
    actionStep,
    scenarios,
    reflectionPrompts: module.reflectionPrompts,
    scoring: module.scoring,
  };
}

/** An institution's own modules (starter modules are not stored: they come with the tool). */
export function createModuleRepository(
  sequelize: Sequelize,
  models: Models,
  now: () => Date = () => new Date(),
): ModuleStore {
  async function save(
    tenant: string,
    module: ModuleDefinition,
    createdBy: string,
    transaction: Transaction,
  ): Promise<{ module: CoachingModule; created: boolean }> {
    const existing = await models.CoachingModule.findOne({
      where: { tenant, id: module.id },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    const at = now();
    if (existing) {
      await existing.update(
        { content: contentOf(module), version: existing.version + 1, updatedAt: at },
        { transaction },
      );
      return { module: toModule(existing), created: false };
    }
    const row = await models.CoachingModule.create(
      {
        tenant,
        id: module.id,
        version: 1,
        content: contentOf(module),
        createdBy,
        createdAt: at,
        updatedAt: at,
      },
      { transaction },
    );
    return { module: toModule(row), created: true };
  }

  return {
    async get(tenant: string, id: string): Promise<CoachingModule | null> {
      const row = await models.CoachingModule.findOne({ where: { tenant, id } });
      return row ? toModule(row) : null;
    },

    async list(tenant: string): Promise<CoachingModule[]> {
      const rows = await models.CoachingModule.findAll({ where: { tenant }, order: [['id', 'ASC']] });
      return rows.map(toModule);
    },

    /** An institution's modules by id, `limit` of them after `afterId` (the primary key's order). */
    async listAfter(tenant: string, afterId: string | null, limit: number): Promise<CoachingModule[]> {
      const rows = await models.CoachingModule.findAll({
        where: { tenant, ...(afterId === null ? {} : { id: { [Op.gt]: afterId } }) },
        order: [['id', 'ASC']],
        limit,
      });
      return rows.map(toModule);
    },

    /** A new module; a 409 if this institution already has one with that id. */
    async create(tenant: string, module: ModuleDefinition, createdBy: string): Promise<CoachingModule> {
      const taken = () => new DomainError('conflict', `A module with the id "${module.id}" already exists.`);
      try {
        return await inTransaction(sequelize, async (transaction) => {
          if (await models.CoachingModule.count({ where: { tenant, id: module.id }, transaction }))
            throw taken();
          return (await save(tenant, module, createdBy, transaction)).module;
        });
      } catch (error) {
        // Created by someone else at the same moment.
        if (error instanceof UniqueConstraintError) throw taken();
        throw error;
      }
    },

    /**
     * An edit made against `expectedVersion`: saved as the next version, or a 409 if someone
     * saved in between (the version check and the write are one conditional UPDATE).
     */
    async update(
      tenant: string,
      id: string,
      content: ModuleContent,
      expectedVersion: number,
    ): Promise<CoachingModule> {
      const [updated] = await models.CoachingModule.update(
        { content: contentOf(content), version: expectedVersion + 1, updatedAt: now() },
        { where: { tenant, id, version: expectedVersion } },
      );
      const current = await this.get(tenant, id);
      if (!current) throw new DomainError('not-found', `There is no module "${id}".`);
      if (updated !== 1) {
        throw new DomainError(
          'conflict',
          `Someone else saved this module (now version ${current.version}) after you opened version ${expectedVersion}. Reload it and make your change again.`,
        );
      }
      return current;
    },

    /** Imports a file's modules: all of them in one transaction, or none. */
    async saveAll(
      tenant: string,
      modules: readonly ModuleDefinition[],
      createdBy: string,
    ): Promise<{ module: CoachingModule; created: boolean }[]> {
      return inTransaction(sequelize, async (transaction) => {
        const saved: { module: CoachingModule; created: boolean }[] = [];
        for (const module of modules) saved.push(await save(tenant, module, createdBy, transaction));
        return saved;
      });
    },
  };
}
