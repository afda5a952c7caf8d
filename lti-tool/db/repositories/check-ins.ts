import type { CheckIn } from '../../../shared/domain/coaching/practice.ts';
import type { Models } from '../models.ts';
import type { CheckInStore, NewCheckIn } from '../../practice/ports.ts';
import { createJournalRepository } from './journal.ts';

/** Teachers' check-ins on using their step in class. The id is the client's: a repeat is the same one. */
export function createCheckInRepository(models: Models, now: () => Date = () => new Date()): CheckInStore {
  const journal = createJournalRepository({
    findById: (id) => models.CheckIn.findByPk(id),
    findAll: (options) => models.CheckIn.findAll(options),
    insert: (checkIn: NewCheckIn) => models.CheckIn.create({ ...checkIn, at: now() }),
    atColumn: 'at',
    noun: 'check-in',
    toEntry: (row): CheckIn => ({
      id: row.id,
      actionStepId: row.actionStepId,
      outcome: row.outcome,
      note: row.note,
      at: row.at.toISOString(),
    }),
  });
  return {
    /** Stores it once: `created: false` when this id was stored before (the stored one is returned). */
    async record(checkIn: NewCheckIn): Promise<{ checkIn: CheckIn; created: boolean }> {
      const { entry, created } = await journal.record(checkIn);
      return { checkIn: entry, created };
    },
    page: journal.page,
    countsByModule: journal.countsByModule,
  };
}
