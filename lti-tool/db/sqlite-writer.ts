import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryOptions, Sequelize } from 'sequelize';

/**
 * SQLite has one writer at a time, and node-sqlite3 runs every statement on libuv's small thread
 * pool (4 threads). A statement waiting for the write lock sleeps on one of those threads, so a
 * handful of waiting transactions left the one holding the lock without a thread to commit on:
 * twenty trainees submitting at once stalled for minutes and most got 500 (SQLITE_BUSY).
 *
 * So in this process writes take turns before they reach SQLite, and only one connection writes:
 * - every transaction waits for its turn, then runs on the one write connection, from BEGIN to
 *   COMMIT or ROLLBACK (managed or not, e.g. findOrCreate's own);
 * - a write statement outside a transaction waits for its turn too, on the default connection;
 * - reads never wait: in WAL mode they see the last commit while a write is under way.
 * Transactions begin IMMEDIATE (openSequelize), so a read-then-write never has to upgrade its lock,
 * and another process writing the same file (the CLI, ltijs's own connection) is waited for.
 */
export class WriteTurnTimeoutError extends Error {
  override name = 'WriteTurnTimeoutError';
}

/** A FIFO of writers: one holds the turn, the rest wait in arrival order. */
export class WriteTurns {
  #taken = false;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly timeoutMs: number) {}

  /** Resolves with the function that gives the turn to the next writer (safe to call twice). */
  async take(): Promise<() => void> {
    if (this.#taken) {
      await new Promise<void>((resolve, reject) => {
        const granted = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(granted), 1);
          reject(new WriteTurnTimeoutError(`No write turn within ${this.timeoutMs} ms`));
        }, this.timeoutMs);
        this.#waiting.push(granted);
      });
    }
    this.#taken = true;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#taken = false;
    };
  }

  /** Writers waiting now (benchmarks and tests look). */
  get waiting(): number {
    return this.#waiting.length;
  }
}

/** The node-sqlite3 Database behind a Sequelize connection: just what is used here. */
interface SqliteConnection {
  uuid?: string;
  configure(option: 'busyTimeout', milliseconds: number): void;
  run(sql: string, callback: (error: Error | null) => void): void;
}

interface ConnectionManager {
  getConnection(options?: { uuid?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): void;
}

const WRITER = 'writer';

const isRead = (sql: string | { query: string }) =>
  /^\s*SELECT\b/i.test(typeof sql === 'string' ? sql : sql.query);

/** Set while a managed transaction's work runs: a write issued there without it could never get a turn. */
const inTransactionWork = new AsyncLocalStorage<true>();

export interface SqliteWriterOptions {
  /** How long a write may wait for its turn before it fails (503, try again). */
  turnTimeoutMs?: number;
  /** How long the write connection waits for another process's lock on the file. */
  busyTimeoutMs?: number;
}

/** Installs the single write path on a SQLite Sequelize; PostgreSQL needs none of it. */
export function serializeSqliteWrites(sequelize: Sequelize, options: SqliteWriterOptions = {}): WriteTurns {
  const turns = new WriteTurns(options.turnTimeoutMs ?? 30_000);
  if (sequelize.getDialect() !== 'sqlite') return turns;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const manager = sequelize.connectionManager as unknown as ConnectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  let writer: Promise<SqliteConnection> | null = null;
  const turnOf = new WeakMap<SqliteConnection, () => void>();

  /** Opened once, kept for the process: opening a file per transaction cost more than the work. */
  async function openWriter(): Promise<SqliteConnection> {
    const connection = await getConnection({ uuid: WRITER });
    connection.configure('busyTimeout', busyTimeoutMs);
    // Per connection, as openSequelize sets it on the default one: safe in WAL mode.
    await new Promise<void>((resolve, reject) =>
      connection.run('PRAGMA synchronous = NORMAL', (error) => (error ? reject(error) : resolve())),
    );
    return connection;
  }

  manager.getConnection = async (acquire) => {
    const uuid = acquire?.uuid;
    if (!uuid || uuid === 'default' || uuid === WRITER) return getConnection(acquire);
    // A transaction (Sequelize passes its id): the turn is held until the connection is released.
    const giveTurn = await turns.take();
    try {
      writer ??= openWriter();
      const connection = await writer;
      turnOf.set(connection, giveTurn);
      return connection;
    } catch (error) {
      writer = null;
      giveTurn();
      throw error;
    }
  };

  manager.releaseConnection = (connection, force) => {
    const giveTurn = turnOf.get(connection);
    if (!giveTurn) return releaseConnection(connection, force);
    // Sequelize releases a transaction's connection after COMMIT or ROLLBACK: keep it open.
    turnOf.delete(connection);
    connection.uuid = WRITER;
    giveTurn();
  };

  const transaction = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  sequelize.transaction = ((first?: unknown, second?: unknown) => {
    const managed = typeof first === 'function' || typeof second === 'function';
    const savepoint =
      typeof first === 'object' && first !== null && 'transaction' in first && first.transaction;
    // A savepoint in the open transaction is fine; a second top-level one would wait for itself.
    if (inTransactionWork.getStore() && !savepoint) {
      return Promise.reject(new Error('A transaction was opened inside another: pass { transaction }'));
    }
    return managed
      ? inTransactionWork.run(true, () => transaction(first, second))
      : transaction(first, second);
  }) as typeof sequelize.transaction;

  const query = sequelize.query.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  sequelize.query = (async (sql: string | { query: string }, queryOptions?: QueryOptions) => {
    if (queryOptions?.transaction || isRead(sql)) return query(sql, queryOptions);
    if (inTransactionWork.getStore()) {
      throw new Error('A write inside a transaction did not pass { transaction }: it would wait for itself');
    }
    const giveTurn = await turns.take();
    try {
      return await query(sql, queryOptions);
    } finally {
      giveTurn();
    }
  }) as typeof sequelize.query;

  return turns;
}

/**
 * A write that could not get the database in time (its turn here, SQLite's lock held by another
 * process, or no free PostgreSQL connection): nothing was written, and trying again will work.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    name === 'WriteTurnTimeoutError' ||
    name === 'SequelizeTimeoutError' ||
    name === 'SequelizeConnectionAcquireTimeoutError'
  );
}
