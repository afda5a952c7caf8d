import { DataTypes } from 'sequelize';
import type { Migration } from './migration.ts';

/**
 * Sessions get an absolute lifetime and one successor each (sessions.ts):
 * - `startedAt`: when the launch opened the session; refreshes never carry it past 12 hours.
 *   Sessions from before start when they were created.
 * - `refreshedAt`: when the token was swapped for its one successor; null until then.
 */
export const sessionLifetime: Migration = {
  name: '0004-session-lifetime',
  async up({ context: { sequelize, queryInterface } }) {
    // 0001 makes every table in its newest shape: on a new database this finds the columns there.
    if (!(await queryInterface.tableExists('coaching_sessions'))) return;
    const columns = await queryInterface.describeTable('coaching_sessions');
    if (!('startedAt' in columns)) {
      await queryInterface.addColumn('coaching_sessions', 'startedAt', {
        type: DataTypes.DATE,
        allowNull: true,
      });
      await sequelize.query(
        'UPDATE coaching_sessions SET "startedAt" = "createdAt" WHERE "startedAt" IS NULL',
      );
    }
    if (!('refreshedAt' in columns)) {
      await queryInterface.addColumn('coaching_sessions', 'refreshedAt', {
        type: DataTypes.DATE,
        allowNull: true,
      });
    }
  },
};
