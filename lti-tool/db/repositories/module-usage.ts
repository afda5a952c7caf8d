import { Op } from 'sequelize';
import type { Models } from '../models.ts';

/** A module activity's `activity` value on its resource link. */
export const MODULE_ACTIVITY_PREFIX = 'module:';

/** How many courses of an institution embed each module (from the resource links launched). */
export function createModuleUsageRepository(models: Models) {
  return {
    async coursesByModule(tenant: string): Promise<Map<string, number>> {
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
        where: { tenant, activity: { [Op.startsWith]: MODULE_ACTIVITY_PREFIX } },
        group: ['activity'],
        raw: true,
      })) as unknown as { activity: string; courses: number | string }[];
      return new Map(
        rows.map((row) => [row.activity.slice(MODULE_ACTIVITY_PREFIX.length), Number(row.courses)]),
      );
    },
  };
}
