import type { CheckIn } from '../../../shared/domain/coaching/practice.ts';
import type { Models } from '../models.ts';
import { isoDate } from '../transaction.ts';
import type { NewCheckIn } from '../../practice/ports.ts';
import { createJournalRepository } from './journal.ts';

/** Teachers' check-ins on using their step in class. The id is the client's: a repeat is the same one. */
export function createCheckInRepository(models: Models, now: () => Date = () => new Date()) {
  const journal = createJournalRepository<NewCheckIn, CheckIn, 'at'>({
    model: models.CheckIn,
    atColumn: 'at',
    noun: 'check-in',
    now,
    toEntry: (data) => ({
      id: data.id,
      actionStepId: data.actionStepId,
      outcome: data.outcome,
      note: data.note,
      at: isoDate(data.at),
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
export type CheckInRepository = ReturnType<typeof createCheckInRepository>;
