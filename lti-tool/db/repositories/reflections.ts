import type { Reflection } from '../../../shared/domain/coaching/practice.ts';
import type { Models } from '../models.ts';
import type { NewReflection, ReflectionStore } from '../../practice/ports.ts';
import { createJournalRepository } from './journal.ts';

/** Teachers' reflections: private to them and their coach. The id is the client's. */
export function createReflectionRepository(
  models: Models,
  now: () => Date = () => new Date(),
): ReflectionStore {
  const journal = createJournalRepository({
    findById: (id) => models.Reflection.findByPk(id),
    findAll: (options) => models.Reflection.findAll(options),
    insert: (reflection: NewReflection) => models.Reflection.create({ ...reflection, writtenAt: now() }),
    atColumn: 'writtenAt',
    noun: 'reflection',
    toEntry: (row): Reflection => ({
      id: row.id,
      wentWell: row.wentWell,
      change: row.change,
      next: row.next,
      writtenAt: row.writtenAt.toISOString(),
    }),
  });
  return {
    /** Stores it once: `created: false` when this id was stored before (the stored one is returned). */
    async record(reflection: NewReflection): Promise<{ reflection: Reflection; created: boolean }> {
      const { entry, created } = await journal.record(reflection);
      return { reflection: entry, created };
    },
    page: journal.page,
    countsByModule: journal.countsByModule,
  };
}
