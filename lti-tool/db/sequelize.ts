import path from 'node:path';
import { Sequelize, type Options } from 'sequelize';
import type { AppConfig } from '../server/config.ts';

/** Connection settings shared by our models and the ltijs plugin: one database for both. */
export function databaseOptions(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): {
  url: string | null;
  options: Options;
} {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, options: { dialect: 'postgres', logging: false } };
  }
  return {
    url: null,
    options: {
      dialect: 'sqlite',
      storage: path.join(config.dataDir, 'coaching.sqlite'),
      logging: false,
    },
  };
}

export async function openSequelize(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): Promise<Sequelize> {
  const { url, options } = databaseOptions(config);
  const sequelize = url ? new Sequelize(url, options) : new Sequelize(options);
  if (options.dialect === 'sqlite') {
    await sequelize.query('PRAGMA journal_mode = WAL;');
    // SQLite allows one writer: wait for the lock rather than fail with SQLITE_BUSY.
    await sequelize.query('PRAGMA busy_timeout = 5000;');
  }
  return sequelize;
}
