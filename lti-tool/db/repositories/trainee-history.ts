import { Op } from 'sequelize';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import { olderThan, pageOfRows, type OlderThan } from '../keyset.ts';
import type { TraineeHistoryStore } from '../../practice/ports.ts';
import type { Models } from '../models.ts';
import { toActionStep } from './action-steps.ts';

type TeacherScope = { tenant: string; contextKey: string; teacherId: string };

/** What a trainee's history needs beyond rounds, check-ins and reflections: their steps and name. */
export function createTraineeHistoryRepository(models: Models): TraineeHistoryStore {
  return {
    /** Every action step a coach set for this teacher in this course, oldest first. */
    async steps(scope: TeacherScope): Promise<ActionStep[]> {
      const rows = await models.ActionStep.findAll({
        where: { ...scope },
        order: [
          ['setAt', 'ASC'],
          ['seq', 'ASC'],
        ],
      });
      return rows.map(toActionStep);
    },

    /** This teacher's steps in this course, newest set first, `limit` of them after `before`. */
    async stepsPage(
      scope: TeacherScope,
      page: { limit: number; before: OlderThan | null },
    ): Promise<{ items: ActionStep[]; more: boolean }> {
      const rows = await models.ActionStep.findAll({
        where: { [Op.and]: [{ ...scope }, olderThan('setAt', page.before)] },
        order: [
          ['setAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: page.limit + 1,
      });
      const { items, more } = pageOfRows(rows, page.limit);
      return { items: items.map(toActionStep), more };
    },

    /** The step in effect at `at` (the last set at or before it), and the steps named by `ids`. */
    async stepsFor(scope: TeacherScope, wanted: { inEffectAt: string; ids: readonly string[] }) {
      const [inEffect, named] = await Promise.all([
        models.ActionStep.findOne({
          where: { ...scope, setAt: { [Op.lte]: new Date(wanted.inEffectAt) } },
          order: [
            ['setAt', 'DESC'],
            ['id', 'DESC'],
          ],
        }),
        wanted.ids.length === 0
          ? []
          : models.ActionStep.findAll({ where: { ...scope, id: { [Op.in]: [...wanted.ids] } } }),
      ]);
      const steps = new Map<string, ActionStep>();
      for (const row of [...(inEffect ? [inEffect] : []), ...named]) {
        const step = toActionStep(row);
        steps.set(step.id, step);
      }
      return [...steps.values()];
    },

    /** The person as the course knows them, or null if they are not in it. */
    async member(
      contextKey: string,
      userId: string,
    ): Promise<{ name: string | null; role: 'teacher' | 'coach' } | null> {
      const member = await models.Member.findOne({ where: { contextKey, userId } });
      return member ? { name: member.name, role: member.role } : null;
    },
  };
}
