import type { QueryInterface, Sequelize } from 'sequelize';
import type { RunnableMigration } from 'umzug';

/** What every migration receives; `queryInterface` has addColumn, describeTable, addIndex… */
export interface MigrationContext {
  sequelize: Sequelize;
  queryInterface: QueryInterface;
}

export type Migration = RunnableMigration<MigrationContext>;
