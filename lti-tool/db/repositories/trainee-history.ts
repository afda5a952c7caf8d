import * as v from 'valibot';
import { ActionStepSchema, type ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { Models } from '../models.ts';
import { fromJson, isoDate } from '../transaction.ts';

interface StepRow extends Omit<ActionStep, 'setAt' | 'successCriteria'> {
  successCriteria: string[] | string;
  setAt: Date | string;
}

/** What a trainee's history needs beyond rounds, check-ins and reflections: their steps and name. */
export function createTraineeHistoryRepository(models: Models) {
  return {
    /** Every action step a coach set for this teacher in this course, oldest first. */
    async steps(scope: { tenant: string; contextKey: string; teacherId: string }): Promise<ActionStep[]> {
      const rows = await models.ActionStep.findAll({
        where: { ...scope },
        order: [
          ['setAt', 'ASC'],
          ['seq', 'ASC'],
        ],
      });
      return rows.map((row) => {
        const data = row.get() as StepRow;
        return v.parse(ActionStepSchema, {
          id: data.id,
          teacherId: data.teacherId,
          goal: data.goal,
          title: data.title,
          what: data.what,
          successCriteria: fromJson(data.successCriteria),
          whenToPractise: data.whenToPractise,
          why: data.why,
          status: data.status,
          setAt: isoDate(data.setAt),
        });
      });
    },

    /** The person as the course knows them, or null if they are not in it. */
    async member(
      contextKey: string,
      userId: string,
    ): Promise<{ name: string | null; role: 'teacher' | 'coach' } | null> {
      const row = await models.Member.findOne({ where: { contextKey, userId } });
      if (!row) return null;
      const data = row.get() as { name: string | null; role: 'teacher' | 'coach' };
      return { name: data.name, role: data.role };
    },
  };
}
export type TraineeHistoryRepository = ReturnType<typeof createTraineeHistoryRepository>;
