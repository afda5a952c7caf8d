import { Op, UniqueConstraintError } from 'sequelize';
import type { CheckIn, CheckInOutcome } from '../../../shared/domain/coaching/practice.ts';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { Models } from '../models.ts';
import { isoDate } from '../transaction.ts';

export interface NewCheckIn {
  id: string;
  tenant: string;
  contextKey: string;
  userId: string;
  linkKey: string | null;
  moduleId: string | null;
  actionStepId: string | null;
  outcome: CheckInOutcome;
  note: string;
}

interface CheckInRow extends Omit<NewCheckIn, 'note'> {
  note: string;
  at: Date | string;
}

function toCheckIn(row: { get(): unknown }): CheckIn & { userId: string; tenant: string } {
  const data = row.get() as CheckInRow;
  return {
    id: data.id,
    tenant: data.tenant,
    userId: data.userId,
    actionStepId: data.actionStepId,
    outcome: data.outcome,
    note: data.note,
    at: isoDate(data.at),
  };
}

const wire = ({ tenant: _tenant, userId: _userId, ...checkIn }: ReturnType<typeof toCheckIn>): CheckIn =>
  checkIn;

/** Teachers' check-ins on using their step in class. The id is the client's: a repeat is the same one. */
export function createCheckInRepository(models: Models, now: () => Date = () => new Date()) {
  async function existing(checkIn: NewCheckIn): Promise<CheckIn | null> {
    const row = await models.CheckIn.findByPk(checkIn.id);
    if (!row) return null;
    const stored = toCheckIn(row);
    if (stored.tenant !== checkIn.tenant || stored.userId !== checkIn.userId) {
      throw new DomainError('conflict', 'This check-in id is already in use.');
    }
    return wire(stored);
  }

  return {
    /** Stores it once: `created: false` when this id was stored before (the stored one is returned). */
    async record(checkIn: NewCheckIn): Promise<{ checkIn: CheckIn; created: boolean }> {
      const before = await existing(checkIn);
      if (before) return { checkIn: before, created: false };
      try {
        const row = await models.CheckIn.create({ ...checkIn, at: now() });
        return { checkIn: wire(toCheckIn(row)), created: true };
      } catch (error) {
        if (!(error instanceof UniqueConstraintError)) throw error;
        const raced = await existing(checkIn);
        if (!raced) throw error;
        return { checkIn: raced, created: false };
      }
    },

    /** One teacher's check-ins in a course, oldest first (on one activity and general ones, if `linkKey`). */
    async forUser(scope: {
      tenant: string;
      contextKey: string;
      userId: string;
      linkKey?: string;
    }): Promise<CheckIn[]> {
      const rows = await models.CheckIn.findAll({
        where: {
          tenant: scope.tenant,
          contextKey: scope.contextKey,
          userId: scope.userId,
          ...(scope.linkKey ? { linkKey: { [Op.or]: [scope.linkKey, null] } } : {}),
        },
        order: [
          ['at', 'ASC'],
          ['id', 'ASC'],
        ],
      });
      return rows.map((row) => wire(toCheckIn(row)));
    },

    async countsByModule(tenant: string): Promise<Map<string, number>> {
      return countByModule(models.CheckIn, tenant);
    },
  };
}
export type CheckInRepository = ReturnType<typeof createCheckInRepository>;

/** Rows per module of an institution, for the provider's counts. */
export async function countByModule(
  model: Models['CheckIn'] | Models['Reflection'],
  tenant: string,
): Promise<Map<string, number>> {
  const rows = (await model.findAll({
    attributes: ['moduleId', [model.sequelize!.fn('COUNT', model.sequelize!.col('id')), 'count']],
    where: { tenant, moduleId: { [Op.ne]: null } },
    group: ['moduleId'],
    raw: true,
  })) as unknown as { moduleId: string; count: number | string }[];
  return new Map(rows.map((row) => [row.moduleId, Number(row.count)]));
}
