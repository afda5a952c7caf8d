import { Op, UniqueConstraintError } from 'sequelize';
import type { Reflection } from '../../../shared/domain/coaching/practice.ts';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { Models } from '../models.ts';
import { isoDate } from '../transaction.ts';
import { countByModule } from './check-ins.ts';

export interface NewReflection {
  id: string;
  tenant: string;
  contextKey: string;
  userId: string;
  linkKey: string | null;
  moduleId: string | null;
  wentWell: string;
  change: string;
  next: string;
}

interface ReflectionRow extends NewReflection {
  writtenAt: Date | string;
}

function toReflection(row: { get(): unknown }): Reflection & { tenant: string; userId: string } {
  const data = row.get() as ReflectionRow;
  return {
    id: data.id,
    tenant: data.tenant,
    userId: data.userId,
    wentWell: data.wentWell,
    change: data.change,
    next: data.next,
    writtenAt: isoDate(data.writtenAt),
  };
}

const wire = ({
  tenant: _tenant,
  userId: _userId,
  ...reflection
}: ReturnType<typeof toReflection>): Reflection => reflection;

/** Teachers' reflections: private to them and their coach. The id is the client's. */
export function createReflectionRepository(models: Models, now: () => Date = () => new Date()) {
  async function existing(reflection: NewReflection): Promise<Reflection | null> {
    const row = await models.Reflection.findByPk(reflection.id);
    if (!row) return null;
    const stored = toReflection(row);
    if (stored.tenant !== reflection.tenant || stored.userId !== reflection.userId) {
      throw new DomainError('conflict', 'This reflection id is already in use.');
    }
    return wire(stored);
  }

  return {
    /** Stores it once: `created: false` when this id was stored before (the stored one is returned). */
    async record(reflection: NewReflection): Promise<{ reflection: Reflection; created: boolean }> {
      const before = await existing(reflection);
      if (before) return { reflection: before, created: false };
      try {
        const row = await models.Reflection.create({ ...reflection, writtenAt: now() });
        return { reflection: wire(toReflection(row)), created: true };
      } catch (error) {
        if (!(error instanceof UniqueConstraintError)) throw error;
        const raced = await existing(reflection);
        if (!raced) throw error;
        return { reflection: raced, created: false };
      }
    },

    /** One teacher's reflections in a course, oldest first (on one activity and general ones, if `linkKey`). */
    async forUser(scope: {
      tenant: string;
      contextKey: string;
      userId: string;
      linkKey?: string;
    }): Promise<Reflection[]> {
      const rows = await models.Reflection.findAll({
        where: {
          tenant: scope.tenant,
          contextKey: scope.contextKey,
          userId: scope.userId,
          ...(scope.linkKey ? { linkKey: { [Op.or]: [scope.linkKey, null] } } : {}),
        },
        order: [
          ['writtenAt', 'ASC'],
          ['id', 'ASC'],
        ],
      });
      return rows.map((row) => wire(toReflection(row)));
    },

    async countsByModule(tenant: string): Promise<Map<string, number>> {
      return countByModule(models.Reflection, tenant);
    },
  };
}
export type ReflectionRepository = ReturnType<typeof createReflectionRepository>;
