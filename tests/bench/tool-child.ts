/**
 * The child side of a benchmarked tool process: reads its settings, reports `ready` over IPC,
 * profiles its own main thread on request, and exits cleanly on `stop`.
 * Both tool scripts (ours and bare ltijs) use it; the parent side is tool-process.ts.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import type { PlatformRegistration } from '../../lti-tool/lti/platforms/platform-registration.ts';

export interface ToolChildSettings {
  registration: PlatformRegistration;
  deploymentId: string;
  dataDir: string;
  /** PostgreSQL instead of SQLite in `dataDir` (our tool only). */
  databaseUrl?: string;
  /** The address platforms and browsers use (a balancer in front of several); default the tool's own. */
  publicUrl?: string;
  /** More configuration, as environment variables (our tool only). */
  env?: Record<string, string>;
}

export type ParentMessage =
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'sql-count' }
  | { type: 'collect-garbage' }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; origin: string }
  | { type: 'failed'; message: string }
  | { type: 'profile-started' }
  | { type: 'profile-written'; file: string }
  | { type: 'garbage-collected' }
  | ({ type: 'sql-count' } & SqlCounts);

export const SETTINGS_ENV = 'BENCH_TOOL_SETTINGS';

export function readSettings(): ToolChildSettings {
  const raw = process.env[SETTINGS_ENV];
  if (!raw)
    throw new Error(`${SETTINGS_ENV} is not set: this script is started by tests/bench/tool-process.ts`);
  return JSON.parse(raw) as ToolChildSettings;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

export interface SqlCounts {
  /** Statements sent to SQLite, by verb (SELECT, INSERT, PRAGMA…). */
  statements: Record<string, number>;
  /** Summed time from each call into sqlite3 to its callback, ms (service time plus queueing). */
  ms: number;
}

/**
 * Counts what the process sends to SQLite, at the sqlite3 driver (ours and ltijs-sequelize share
 * its one copy), so statements Sequelize adds on its own (`PRAGMA table_info` before a SELECT) count.
 */
function countSqlStatements(): SqlCounts {
  const counts: SqlCounts = { statements: {}, ms: 0 };
  const require = createRequire(import.meta.url);
  type Method = (this: unknown, sql: string, ...rest: unknown[]) => unknown;
  const { Database } = require('sqlite3') as { Database: { prototype: Record<string, Method> } };
  for (const name of ['all', 'get', 'run', 'exec']) {
    const method = Database.prototype[name]!;
    Database.prototype[name] = function (this: unknown, sql: string, ...rest: unknown[]) {
      const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '?';
      counts.statements[verb] = (counts.statements[verb] ?? 0) + 1;
      const last = rest.length - 1;
      const callback = rest[last];
      if (typeof callback === 'function') {
        const t0 = performance.now();
        rest[last] = function (this: unknown, ...args: unknown[]) {
          counts.ms += performance.now() - t0;
          return (callback as (...a: unknown[]) => unknown).apply(this, args);
        };
      }
      return method.call(this, sql, ...rest);
    };
  }
  return counts;
}

/** Starts the tool, then serves the parent's requests until it says stop (or goes away). */
export async function runToolChild(start: () => Promise<{ origin: string; close(): Promise<void> }>) {
  if (!process.send) throw new Error('run this script through tests/bench/tool-process.ts (it needs IPC)');
  const sql = countSqlStatements();
  let tool: Awaited<ReturnType<typeof start>>;
  try {
    tool = await start();
  } catch (error) {
    send({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  }
  const session = new Session();
  session.connect();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    await tool.close().catch(() => undefined);
    process.exit(0);
  };

  process.on('message', (message: ParentMessage) => {
    void (async () => {
      if (message.type === 'profile-start') {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
        send({ type: 'profile-started' });
      } else if (message.type === 'profile-stop') {
        const { profile } = await session.post('Profiler.stop');
        await session.post('Profiler.disable');
        writeFileSync(message.file, JSON.stringify(profile));
        send({ type: 'profile-written', file: message.file });
      } else if (message.type === 'collect-garbage') {
        // A full, synchronous GC through the inspector: what the process still holds after it.
        await session.post('HeapProfiler.collectGarbage');
        send({ type: 'garbage-collected' });
      } else if (message.type === 'sql-count') {
        send({ type: 'sql-count', statements: { ...sql.statements }, ms: sql.ms });
      } else if (message.type === 'stop') {
        await stop();
      }
    })();
  });
  // The bench died or dropped us: do not linger.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  send({ type: 'ready', origin: tool.origin });
}
