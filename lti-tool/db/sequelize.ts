import { chmodSync, closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction, type Options } from 'sequelize';
import type { AppConfig } from '../core/config.ts';

/**
 * Connection settings shared by our models and the ltijs plugin: one database for both.
 * Everything is in `options` (host, port, username, password too): ltijs-sequelize builds its
 * Sequelize as `new Sequelize(database, user, pass, options)`, which does not parse a URL.
 */
export function databaseOptions(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): {
  database: string;
  options: Options;
} {
  if (config.databaseUrl) return postgresOptions(config.databaseUrl);
  return {
    database: 'coaching',
    options: {
      dialect: 'sqlite',
      storage: path.join(config.dataDir, 'coaching.sqlite'),
      // Take the write lock at BEGIN: a transaction that reads, then writes, never has to upgrade
      // its lock (which fails at once when another writer committed in between). Applies to
      // ltijs's own connection too, which is built from these options.
      transactionType: Transaction.TYPES.IMMEDIATE,
      logging: false,
    },
  };
}

/**
 * postgres://user:password@host:port/database?sslmode=require&application_name=coach
 * (`?host=/var/run/postgresql` connects over that unix socket directory).
 */
function postgresOptions(databaseUrl: string): { database: string; options: Options } {
  const url = new URL(databaseUrl);
  const query = url.searchParams;
  const sslmode = query.get('sslmode');
  const dialectOptions: Record<string, unknown> = {};
  // As node-postgres reads sslmode: verify the server unless told `no-verify`.
  if (sslmode === 'no-verify') dialectOptions.ssl = { rejectUnauthorized: false };
  else if (sslmode && sslmode !== 'disable') dialectOptions.ssl = true;
  const applicationName = query.get('application_name');
  if (applicationName) dialectOptions.application_name = applicationName;
  return {
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
    options: {
      dialect: 'postgres',
      host: query.get('host') ?? (url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost'),
      port: url.port ? Number(url.port) : 5432,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      dialectOptions,
      logging: false,
    },
  };
}

/**
 * The database file readable by the tool's user only (0600), like secret.key beside it. SQLite
 * gives its -wal and -shm files the database file's permissions.
 */
function keepPrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

export async function openSequelize(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): Promise<Sequelize> {
  const { database, options } = databaseOptions(config);
  if (options.dialect === 'sqlite' && options.storage) keepPrivate(options.storage);
  const sequelize = new Sequelize({ ...options, database });
  if (options.dialect === 'sqlite') {
    await sequelize.query('PRAGMA journal_mode = WAL;');
    // SQLite allows one writer: wait for the lock rather than fail with SQLITE_BUSY.
    await sequelize.query('PRAGMA busy_timeout = 5000;');
    // In WAL mode NORMAL is still safe against corruption; it skips an fsync per commit,
    // which a launch (several small writes) feels directly.
    await sequelize.query('PRAGMA synchronous = NORMAL;');
  }
  return sequelize;
}
