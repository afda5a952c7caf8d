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
    // A missing table is made in its new shape by the sync after the migrations.
    if (!(await queryInterface.tableExists('lti_platforms'))) return;
    if (!('serviceOrigins' in (await queryInterface.describeTable('lti_platforms')))) {
      await queryInterface.addColumn('lti_platforms', 'serviceOrigins', {
        type: DataTypes.TEXT,
        allowNull: true,
      });
    }
  },
};
