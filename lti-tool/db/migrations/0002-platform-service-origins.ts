import { DataTypes } from 'sequelize';
import type { Migration } from './migration.ts';

/**
 * `lti_platforms.serviceOrigins`: origins an administrator registered for a platform's services
 * (`npm run lti -- platform add --service-origin …`) beyond those of its issuer and endpoints,
 * space-separated; none before.
 */
export const platformServiceOrigins: Migration = {
  name: '0002-platform-service-origins',
  async up({ context: { queryInterface } }) {
    // 0001 makes every table in its newest shape: on a new database this finds the column there.
    if (!(await queryInterface.tableExists('lti_platforms'))) return;
    if (!('serviceOrigins' in (await queryInterface.describeTable('lti_platforms')))) {
      await queryInterface.addColumn('lti_platforms', 'serviceOrigins', {
        type: DataTypes.TEXT,
        allowNull: true,
      });
    }
  },
};
