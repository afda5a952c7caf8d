import { Op, UniqueConstraintError } from 'sequelize';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { JournalEntryScope } from '../../practice/ports.ts';
import { olderThan, pageOfRows, type OlderThan } from '../keyset.ts';
import type { Models } from '../models.ts';

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

    /**
     * One teacher's entries in a course (on one activity and general ones, if `linkKey`), newest
     * first, `limit` of them after `before`; `more` when there are older ones still.
     */
    async page(
      scope: { tenant: string; contextKey: string; userId: string; linkKey?: string },
      page: { limit: number; before: OlderThan | null },
    ): Promise<{ items: Entry[]; more: boolean }> {
      const rows = await model.findAll({
        where: {
          [Op.and]: [
            {
              tenant: scope.tenant,
              contextKey: scope.contextKey,
              userId: scope.userId,
              ...(scope.linkKey ? { linkKey: { [Op.or]: [scope.linkKey, null] } } : {}),
            },
            olderThan(atColumn, page.before),
          ],
        },
        order: [
          [atColumn, 'DESC'],
          ['id', 'DESC'],
        ],
        limit: page.limit + 1,
      });
      const { items, more } = pageOfRows(rows, page.limit);
      return { items: items.map((row) => toEntry(row.get() as Row)), more };
    },

    /** Entries per module of an institution (of those modules), for the provider's counts. */
    async countsByModule(tenant: string, moduleIds: readonly string[]): Promise<Map<string, number>> {
      if (moduleIds.length === 0) return new Map();
      const rows = (await model.findAll({
        attributes: ['moduleId', [model.sequelize!.fn('COUNT', model.sequelize!.col('id')), 'count']],
        where: { tenant, moduleId: { [Op.in]: [...moduleIds] } },
        group: ['moduleId'],
        raw: true,
      })) as unknown as { moduleId: string; count: number | string }[];
      return new Map(rows.map((row) => [row.moduleId, Number(row.count)]));
    },
  };
}
