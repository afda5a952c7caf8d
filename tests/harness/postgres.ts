/**
 * PostgreSQL for the tests. One cluster per test run: the `postgres` project's global setup
 * (postgres-global-setup.ts) starts it (initdb into a temp folder, a server on a free loopback
 * port, its unix socket in that folder too) and names it in COACHING_TEST_POSTGRES; each test
 * file's startPostgres() then creates its own databases there, under names no other file uses,
 * and drops them again on stop(). Outside a test run (the benches) startPostgres() starts a
 * cluster of its own and removes it on stop().
 * PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (made by
 * Debian's package), or `nobody` when there is none.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { freePort } from './free-port.ts';

/** One test file's share of the cluster, as superuser `postgres` (trust auth, loopback only). */
export interface TestPostgres {
  /**
   * Creates an empty database and returns its DATABASE_URL. The name gets a suffix of this
   * file's own, so files running at the same time never meet.
   */
  createDatabase(name: string, options?: { icuLocale?: string }): Promise<string>;
  /** Runs one SQL statement on a database and returns its rows. */
  query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]>;
  /** Drops the databases this file created (and stops the cluster if it started its own). */
  stop(): Promise<void>;
}

/** A running cluster: its `postgres` maintenance database, as superuser `postgres`. */
export interface PostgresCluster {
  readonly adminUrl: string;
  /** The server's log (a cluster this process started; null for the test run's shared one). */
  readonly logFile: string | null;
  stop(): Promise<void>;
}

/** Where the global setup tells the test files its cluster is. */
export const SHARED_CLUSTER_ENV = 'COACHING_TEST_POSTGRES';

const INSTALL_HINT =
  'PostgreSQL binaries (initdb, pg_ctl) not found: install the Debian package "postgresql" (.ci/run does)';

/** Debian keeps them in /usr/lib/postgresql/<version>/bin (not on PATH); elsewhere try PATH. */
function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const dir = path.join(root, version, 'bin');
    if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (found && existsSync(path.join(path.dirname(found), 'pg_ctl'))) return path.dirname(found);
  throw new Error(INSTALL_HINT);
}

/** When root, the uid/gid of an unprivileged user to run PostgreSQL as; otherwise nothing. */
function unprivilegedUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const fields = passwd.find((line) => line.startsWith(`${name}:`))?.split(':');
    if (fields?.[2] && fields[3]) return { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  throw new Error('Running as root with neither a postgres nor a nobody user to run PostgreSQL as');
}

function run(command: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} ${args[0]} exited with ${code}:\n${output}`)),
    );
  });
}

async function withConnection<T>(url: string, work: (sequelize: Sequelize) => Promise<T>): Promise<T> {
  const sequelize = new Sequelize(url, { dialect: 'postgres', logging: false });
  try {
    return await work(sequelize);
  } finally {
    await sequelize.close();
  }
}

/** A throwaway cluster, removed again by stop() or when this process exits. */
/** `settings`: more `-c name=value` server settings (the scale bench loads pg_stat_statements). */
export async function startPostgresCluster(settings: readonly string[] = []): Promise<PostgresCluster> {
  const bin = findBinDir();
  const user = unprivilegedUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'coaching-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  const as: SpawnOptions = { cwd: dir, ...(user ?? {}) };
  const port = await freePort();
  const pgCtl = path.join(bin, 'pg_ctl');
  let stopped = false;

  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w'], { ...as, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  // A crashed test run must not leave a server behind.
  process.once('exit', stopNow);

  try {
    await run(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      as,
    );
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      // Durability is pointless for a throwaway cluster; speed is not.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c shared_buffers=32MB',
      // Every test file's tool processes share this one cluster.
      '-c max_connections=300',
      ...settings.map((setting) => `-c ${setting}`),
    ].join(' ');
    await run(
      pgCtl,
      ['start', '-D', dataDir, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '30', '-o', options],
      as,
    );
  } catch (error) {
    const log = path.join(dir, 'postgres.log');
    const tail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    stopNow();
    throw new Error(`Could not start a test PostgreSQL: ${(error as Error).message}${tail}`, {
      cause: error,
    });
  }

  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    logFile: path.join(dir, 'postgres.log'),
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}

/** This file's databases on the run's cluster, or on a cluster of its own outside a test run. */
export async function startPostgres(): Promise<TestPostgres> {
  const shared = process.env[SHARED_CLUSTER_ENV];
  const cluster: PostgresCluster = shared
    ? { adminUrl: shared, logFile: null, stop: async () => {} }
    : await startPostgresCluster();
  return databasesOn(cluster);
}

/** Databases of this file's own on `cluster`, dropped (and the cluster stopped) by stop(). */
export function databasesOn(cluster: PostgresCluster): TestPostgres {
  const suffix = randomBytes(4).toString('hex');
  const created: string[] = [];
  const urlFor = (database: string) => cluster.adminUrl.replace(/\/postgres$/, `/${database}`);
  return {
    async createDatabase(name, options = {}) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const database = `${name}_${suffix}`;
      let sql = `CREATE DATABASE ${database}`;
      if (options.icuLocale !== undefined) {
        if (!/^[A-Za-z0-9-]+$/.test(options.icuLocale))
          throw new Error(`not an ICU locale: ${options.icuLocale}`);
        sql += ` LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale}' LOCALE 'C' TEMPLATE template0`;
      }
      await withConnection(cluster.adminUrl, (admin) => admin.query(sql));
      created.push(database);
      return urlFor(database);
    },
    query<T>(url: string, sql: string) {
      return withConnection(url, async (sequelize) => (await sequelize.query(sql))[0] as T[]);
    },
    async stop() {
      if (created.length > 0) {
        await withConnection(cluster.adminUrl, async (admin) => {
          for (const database of created.splice(0)) {
            await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
          }
        });
      }
      await cluster.stop();
    },
  };
}
