import { Op } from 'sequelize';
import type { Models } from '../models.ts';

/** A module activity's `activity` value on its resource link. */
export const MODULE_ACTIVITY_PREFIX = 'module:';

/** How many courses of an institution embed each module (of those asked about), from the resource links launched. */
export function createModuleUsageRepository(models: Models) {
  return {
    async coursesByModule(tenant: string, moduleIds: readonly string[]): Promise<Map<string, number>> {
      if (moduleIds.length === 0) return new Map();
      const rows = (await models.ResourceLink.findAll({
        attributes: [
          'activity',
          [
            models.ResourceLink.sequelize!.fn(
              'COUNT',
              models.ResourceLink.sequelize!.fn('DISTINCT', models.ResourceLink.sequelize!.col('contextKey')),
            ),
            'courses',
          ],
        ],
        where: { tenant, activity: { [Op.in]: moduleIds.map((id) => `${MODULE_ACTIVITY_PREFIX}${id}`) } },
        group: ['activity'],
        raw: true,
      })) as unknown as { activity: string; courses: number | string }[];
      return new Map(
        rows.map((row) => [row.activity.slice(MODULE_ACTIVITY_PREFIX.length), Number(row.courses)]),
      );
    },
  };
}
