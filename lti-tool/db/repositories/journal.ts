import { col, fn, Op, UniqueConstraintError, type FindOptions } from 'sequelize';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { JournalEntryScope } from '../../practice/ports.ts';
import { olderThan, pageOfRows, type OlderThan } from '../keyset.ts';

/** A stored entry as its model gives it (CheckInRow, ReflectionRow): the scope's columns at least. */
interface JournalRow extends JournalEntryScope {
  get(column: string): unknown;
}

interface JournalOptions<Row extends JournalRow, New extends JournalEntryScope, Entry> {
  /** The table's queries: its model's findByPk and findAll. */
  findById: (id: string) => Promise<Row | null>;
  findAll: (options: FindOptions<JournalEntryScope>) => Promise<Row[]>;
  /** The column that holds when the entry was stored. */
  atColumn: 'at' | 'writtenAt';
  /** For the conflict message: "This check-in id is already in use." */
  noun: string;
  /** Inserts a new entry, stored now. */
  insert: (entry: New) => Promise<Row>;
  /** The wire shape of a stored row (no tenant or user). */
  toEntry: (row: Row) => Entry;
}

/**
 * A teacher's own entries in a course, stored once per client id: a repeat is the same
 * entry, and an id already used by someone else is a conflict.
 */
export function createJournalRepository<Row extends JournalRow, New extends JournalEntryScope, Entry>({
  findById,
  findAll,
  atColumn,
  noun,
  insert,
  toEntry,
}: JournalOptions<Row, New, Entry>) {
  async function existing(entry: New): Promise<Entry | null> {
    const stored = await findById(entry.id);
    if (!stored) return null;
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
        return { entry: toEntry(await insert(entry)), created: true };
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
      const rows = await findAll({
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
      return { items: items.map(toEntry), more };
    },

    /** Entries per module of an institution (of those modules), for the provider's counts. */
    async countsByModule(tenant: string, moduleIds: readonly string[]): Promise<Map<string, number>> {
      if (moduleIds.length === 0) return new Map();
      const rows = await findAll({
        attributes: ['moduleId', [fn('COUNT', col('id')), 'count']],
        where: { tenant, moduleId: { [Op.in]: [...moduleIds] } },
        group: ['moduleId'],
      });
      return new Map(rows.map((row) => [String(row.moduleId), Number(row.get('count'))]));
    },
  };
}
