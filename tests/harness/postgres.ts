/**
 * A throwaway PostgreSQL cluster for one test file: initdb into a temp folder, a server on a
 * free loopback port (its unix socket in that folder too), removed again by stop().
 * PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (made by
 * Debian's package), or `nobody` when there is none.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { freePort } from './free-port.ts';

export interface TestPostgres {
  /** The `postgres` maintenance database, as superuser `postgres` (trust auth, loopback only). */
  readonly adminUrl: string;
  /** Creates an empty database and returns its DATABASE_URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs one SQL statement on a database and returns its rows. */
  query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]>;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install -y postgresql';

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

export async function startPostgres(): Promise<TestPostgres> {
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
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      // Durability is pointless for a throwaway cluster; speed is not.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c shared_buffers=32MB',
      '-c max_connections=100',
    ].join(' ');
    await run(
      pgCtl,
      ['start', '-D', dataDir, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '30', '-o', settings],
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

  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const adminUrl = urlFor('postgres');
  return {
    adminUrl,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await withConnection(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
      return urlFor(name);
    },
    query<T>(url: string, sql: string) {
      return withConnection(url, async (sequelize) => (await sequelize.query(sql))[0] as T[]);
    },
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}
