import { Op, UniqueConstraintError } from 'sequelize';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { Models } from '../models.ts';

/** Where a journal entry (a check-in, a reflection) belongs. The id is the client's. */
export interface JournalEntryScope {
  id: string;
  tenant: string;
  contextKey: string;
  userId: string;
  linkKey: string | null;
  moduleId: string | null;
}

interface JournalOptions<New extends JournalEntryScope, Entry, At extends string> {
  model: Models['CheckIn'] | Models['Reflection'];
  /** The column that holds when the entry was stored. */
  atColumn: At;
  /** For the conflict message: "This check-in id is already in use." */
  noun: string;
  /** The wire shape of a stored row (no tenant or user). */
  toEntry: (data: New & Record<At, Date | string>) => Entry;
  now: () => Date;
}

/**
 * A teacher's own entries in a course, stored once per client id: a repeat is the same
 * entry, and an id already used by someone else is a conflict.
 */
export function createJournalRepository<New extends JournalEntryScope, Entry, At extends string>({
  model,
  atColumn,
  noun,
  toEntry,
  now,
}: JournalOptions<New, Entry, At>) {
  type Row = New & Record<At, Date | string>;

  async function existing(entry: New): Promise<Entry | null> {
    const row = await model.findByPk(entry.id);
    if (!row) return null;
    const stored = row.get() as Row;
    if (stored.tenant !== entry.tenant || stored.userId !== entry.userId) {
      throw new DomainError('conflict', `This ${noun} id is already in use.`);
    }
    return toEntry(stored);
  }

  return {
    /** Stores it once: `created: false` when this id was stored before (the stored one is returned). */
    async record(entry: New): Promise<{ entry: Entry; created: boolean }> {
      const before = await existing(entry);
      if (before) return { entry: before, created: false };
      try {
        const values: Record<string, unknown> = { ...entry, [atColumn]: now() };
        const row = await model.create(values);
        return { entry: toEntry(row.get() as Row), created: true };
      } catch (error) {
        if (!(error instanceof UniqueConstraintError)) throw error;
        const raced = await existing(entry);
        if (!raced) throw error;
        return { entry: raced, created: false };
      }
    },

    /** One teacher's entries in a course, oldest first (on one activity and general ones, if `linkKey`). */
    async forUser(scope: {
      tenant: string;
      contextKey: string;
      userId: string;
      linkKey?: string;
    }): Promise<Entry[]> {
      const rows = await model.findAll({
        where: {
          tenant: scope.tenant,
          contextKey: scope.contextKey,
          userId: scope.userId,
          ...(scope.linkKey ? { linkKey: { [Op.or]: [scope.linkKey, null] } } : {}),
        },
        order: [
          [atColumn, 'ASC'],
          ['id', 'ASC'],
        ],
      });
      return rows.map((row) => toEntry(row.get() as Row));
    },

    /** Entries per module of an institution, for the provider's counts. */
    async countsByModule(tenant: string): Promise<Map<string, number>> {
      const rows = (await model.findAll({
        attributes: ['moduleId', [model.sequelize!.fn('COUNT', model.sequelize!.col('id')), 'count']],
        where: { tenant, moduleId: { [Op.ne]: null } },
        group: ['moduleId'],
        raw: true,
      })) as unknown as { moduleId: string; count: number | string }[];
      return new Map(rows.map((row) => [row.moduleId, Number(row.count)]));
    },
  };
}
