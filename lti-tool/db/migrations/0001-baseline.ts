import type { Migration } from './migration.ts';

/**
 * The schema as models.ts defines it. On a database created before migrations existed, the
 * tables are already there and this only records the baseline; on an empty one it creates them.
 */
export const baseline: Migration = {
  name: '0001-baseline',
  up: ({ context }) => context.sequelize.sync(),
};
