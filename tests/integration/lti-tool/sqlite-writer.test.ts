import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { DataTypes, Sequelize as SequelizeClass, type Sequelize } from 'sequelize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { errorHandler } from '../../../lti-tool/http/error-handler.ts';
import { describeError, type Logger } from '../../../lti-tool/core/logger.ts';
import {
  isDatabaseBusy,
  serializeSqliteWrites,
  WriteTurns,
  WriteTurnTimeoutError,
  type WriteTurns as Turns,
} from '../../../lti-tool/db/sqlite-writer.ts';

let dataDir: string;
let sequelize: Sequelize;
let turns: Turns;

function defineCounter(db: Sequelize) {
  return db.define('counter', {
    name: { type: DataTypes.STRING, primaryKey: true },
    value: DataTypes.INTEGER,
  });
}

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-writer-'));
  sequelize = await openSequelize({ dataDir, databaseUrl: null });
  turns = serializeSqliteWrites(sequelize, { turnTimeoutMs: 2000 });
  await defineCounter(sequelize).sync();
});
afterEach(async () => {
  await sequelize.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the SQLite write path', () => {
  it('runs 60 read-then-write transactions at once without losing an increment', async () => {
    const Counter = sequelize.models.counter!;
    await Counter.create({ name: 'rounds', value: 0 });
    await Promise.all(
      Array.from({ length: 60 }, () =>
        sequelize.transaction(async (transaction) => {
          const row = await Counter.findByPk('rounds', { transaction });
          await row!.update({ value: Number(row!.get('value')) + 1 }, { transaction });
        }),
      ),
    );
    expect((await Counter.findByPk('rounds'))!.get('value')).toBe(60);
  });

  it('lets reads through while a transaction holds the write turn', async () => {
    const Counter = sequelize.models.counter!;
    await Counter.create({ name: 'steps', value: 1 });
    let readWhileOpen: unknown = null;
    await sequelize.transaction(async (transaction) => {
      await Counter.update({ value: 2 }, { where: { name: 'steps' }, transaction });
      // Another request's read, on the default connection: it sees the last commit, at once.
      readWhileOpen = (await Counter.findByPk('steps'))!.get('value');
    });
    expect(readWhileOpen).toBe(1);
    expect((await Counter.findByPk('steps'))!.get('value')).toBe(2);
  });

  it('supports unmanaged transactions (findOrCreate opens one) alongside managed ones', async () => {
    const Counter = sequelize.models.counter!;
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, index) =>
        Counter.findOrCreate({ where: { name: `link-${index % 3}` }, defaults: { value: index } }),
      ),
      ...Array.from({ length: 10 }, (_, index) => Counter.create({ name: `plain-${index}`, value: index })),
    ]);
    expect(results).toHaveLength(20);
    expect(await Counter.count()).toBe(13);
  });

  it('refuses a write that forgot its transaction at once, instead of waiting for itself forever', async () => {
    const Counter = sequelize.models.counter!;
    await expect(
      sequelize.transaction(async (transaction) => {
        await Counter.create({ name: 'inside', value: 1 }, { transaction });
        await Counter.create({ name: 'forgot', value: 2 });
      }),
    ).rejects.toThrow(/did not pass \{ transaction \}/);
    // Rolled back whole, and the turn was given back: the next write goes through.
    expect(await Counter.count()).toBe(0);
    await Counter.create({ name: 'after', value: 3 });
    expect(turns.waiting).toBe(0);
  });

  it('refuses a transaction opened inside another', async () => {
    await expect(sequelize.transaction(async () => sequelize.transaction(async () => 1))).rejects.toThrow(
      /opened inside another/,
    );
  });
});

describe('write turns', () => {
  it('are given in arrival order, and a wait past the timeout fails clearly', async () => {
    const queue = new WriteTurns(50);
    const order: string[] = [];
    const first = await queue.take();
    const second = queue.take().then((give) => {
      order.push('second');
      return give;
    });
    const third = queue.take().then((give) => {
      order.push('third');
      give();
    });
    expect(queue.waiting).toBe(2);
    first();
    (await second)();
    await third;
    expect(order).toEqual(['second', 'third']);

    const held = await queue.take();
    await expect(queue.take()).rejects.toBeInstanceOf(WriteTurnTimeoutError);
    held();
    const next = await queue.take();
    next();
    next();
    expect(queue.waiting).toBe(0);
  });
});

describe('when the database stays locked', () => {
  it('logs the driver code and answers 503 busy, never a bare 500', async () => {
    const Counter = sequelize.models.counter!;
    // Another process holding the write lock (the CLI, say), and a write that cannot wait for it.
    const other = new SequelizeClass({
      dialect: 'sqlite',
      storage: path.join(dataDir, 'coaching.sqlite'),
      logging: false,
    });
    const OtherCounter = defineCounter(other);
    const otherConnection = (await other.connectionManager.getConnection({ type: 'write' })) as unknown as {
      configure(option: 'busyTimeout', milliseconds: number): void;
    };
    otherConnection.configure('busyTimeout', 100);
    let busy: unknown = null;
    await sequelize.transaction(async (transaction) => {
      await Counter.create({ name: 'held', value: 1 }, { transaction });
      busy = await OtherCounter.create({ name: 'blocked', value: 2 }).catch((error: unknown) => error);
    });
    await other.close();

    expect(isDatabaseBusy(busy)).toBe(true);
    const described = describeError(busy);
    expect(described).toMatchObject({ type: 'SequelizeTimeoutError', cause: { code: 'SQLITE_BUSY' } });

    const logged: Record<string, unknown>[] = [];
    const logger: Logger = { info: () => {}, error: (message, meta) => logged.push({ message, ...meta }) };
    const app = express();
    app.get('/boom', (_req, _res, next) => next(busy));
    app.use(errorHandler(logger, { isBusy: isDatabaseBusy }));
    const server = app.listen(0);
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/boom`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('busy');
    } finally {
      server.close();
    }
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toContain('SQLITE_BUSY');
  });
});
