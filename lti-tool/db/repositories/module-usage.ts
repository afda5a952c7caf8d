import { col, fn, Op } from 'sequelize';
import type { ActivityUsageStore } from '../../practice/ports.ts';
import type { Models } from '../models.ts';

/** How many courses of an institution launched each activity (of those asked about), from the resource links. */
export function createModuleUsageRepository(models: Models): ActivityUsageStore {
  return {
    async coursesByActivity(tenant: string, activities: readonly string[]): Promise<Map<string, number>> {
      if (activities.length === 0) return new Map();
      const rows = await models.ResourceLink.findAll({
        attributes: ['activity', [fn('COUNT', fn('DISTINCT', col('contextKey'))), 'courses']],
        where: { tenant, activity: { [Op.in]: activities } },
        group: ['activity'],
      });
      // COUNT comes back as a number on SQLite and as text on PostgreSQL.
      return new Map(rows.map((row) => [row.activity, Number(row.get('courses'))]));
    },
  };
}
