import type { Reflection } from '../../../shared/domain/coaching/practice.ts';
import type { Models } from '../models.ts';
import { isoDate } from '../transaction.ts';
import type { NewReflection } from '../../practice/ports.ts';
import { createJournalRepository } from './journal.ts';

/** Teachers' reflections: private to them and their coach. The id is the client's. */
export function createReflectionRepository(models: Models, now: () => Date = () => new Date()) {
  const journal = createJournalRepository<NewReflection, Reflection, 'writtenAt'>({
    model: models.Reflection,
    atColumn: 'writtenAt',
    noun: 'reflection',
    now,
    toEntry: (data) => ({
      id: data.id,
      wentWell: data.wentWell,
      change: data.change,
      next: data.next,
      writtenAt: isoDate(data.writtenAt),
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
export type ReflectionRepository = ReturnType<typeof createReflectionRepository>;
