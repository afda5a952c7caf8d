/**
 * The parent side of a benchmarked tool process (tool-child.ts is the child side): spawns
 * `node --import tsx <script>`, waits for `ready`, reads the child's RSS and CPU time from
 * /proc, asks it to profile itself, and always ends it, even when the bench fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  SETTINGS_ENV,
  type ChildMessage,
  type ParentMessage,
  type SqlCounts,
  type ToolChildSettings,
} from './tool-child.ts';

const CLOCK_TICKS_PER_S = 100; // getconf CLK_TCK on Linux

const alive = new Set<ChildProcess>();
const dataDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of alive) child.kill('SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of alive) child.kill('SIGKILL');
      process.exit(130);
    });
  }
}

export interface ToolProcess {
  readonly name: string;
  readonly origin: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Resident set size of the child now, in MB (VmRSS from /proc/<pid>/status). */
  rssMb(): number;
  /**
   * RSS right after a full garbage collection in the child: what it still holds, without the
   * sawtooth of garbage waiting for the next collection that `rssMb` samples under load.
   */
  settledRssMb(): Promise<number>;
  /** CPU time the child has used so far (user + system, all threads), in ms. */
  cpuMs(): number;
  /** Profiles the child's main thread while `work` runs; writes a .cpuprofile to `file`. */
  profile<T>(file: string, work: () => Promise<T>): Promise<T>;
  /** What the child has sent to SQLite so far. */
  sqlCounts(): Promise<SqlCounts>;
  /** The last lines of the child's log, to explain a failure. */
  logTail(): string;
  /** Every line the child logged at error level or above (pino levels 50, 60). */
  errorLines(): string[];
  stop(): Promise<void>;
  /** Ends it at once, as a crash or the OOM killer would (SIGKILL): nothing is finished. */
  kill(): Promise<void>;
}

/**
 * Starts `script` as a tool process. Its DATA_DIR is a new temporary folder, removed when it
 * stops; or `settings.dataDir`, shared with other instances (its secret and uploads), which the
 * caller removes.
 */
export async function startToolProcess(
  name: string,
  script: string,
  settings: Omit<ToolChildSettings, 'dataDir'> & { dataDir?: string },
): Promise<ToolProcess> {
  installExitHook();
  const owned = settings.dataDir === undefined;
  const dataDir = settings.dataDir ?? mkdtempSync(path.join(tmpdir(), `bench-${name.replace(/\W+/g, '-')}-`));
  if (owned) dataDirs.add(dataDir);
  const logFile = path.join(dataDir, `${name.replace(/\W+/g, '-')}.log`);
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, NODE_ENV: 'production', [SETTINGS_ENV]: JSON.stringify({ ...settings, dataDir }) },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  alive.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => alive.delete(child));
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  };

  const nextMessage = <T extends ChildMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`${name}: no "${type}" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: ChildMessage) => {
        if (message.type === type) finish(null, message as Extract<ChildMessage, { type: T }>);
        else if (message.type === 'failed') finish(new Error(`${name} failed to start:\n${message.message}`));
      };
      const onExit = (code: number | null) => finish(new Error(`${name} exited (${code}) before "${type}"`));
      function finish(error: Error | null, message?: Extract<ChildMessage, { type: T }>) {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message!);
      }
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const tell = (message: ParentMessage) => child.send(message);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) tell({ type: 'stop' });
    else child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };

  let origin: string;
  try {
    ({ origin } = await nextMessage('ready', 120_000));
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    const tail = logTail();
    if (owned) rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}${tail ? `\n--- ${name} log ---\n${tail}` : ''}`, {
      cause: error,
    });
  }
  const pid = child.pid!;
  const rssMb = () => {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
  };

  return {
    name,
    origin,
    pid,
    dataDir,
    rssMb,
    cpuMs() {
      // Fields after the "(comm)" part: state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
    },
    async profile(file, work) {
      const started = nextMessage('profile-started', 10_000);
      tell({ type: 'profile-start' });
      await started;
      try {
        return await work();
      } finally {
        const written = nextMessage('profile-written', 30_000);
        tell({ type: 'profile-stop', file });
        await written;
      }
    },
    async settledRssMb() {
      const collected = nextMessage('garbage-collected', 30_000);
      tell({ type: 'collect-garbage' });
      await collected;
      return rssMb();
    },
    async sqlCounts() {
      const reply = nextMessage('sql-count', 10_000);
      tell({ type: 'sql-count' });
      const { statements, ms } = await reply;
      return { statements, ms };
    },
    logTail,
    errorLines() {
      try {
        return readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((line) => /"level":(50|60)\b/.test(line));
      } catch {
        return [];
      }
    },
    async stop() {
      await stop();
      if (!owned) return;
      rmSync(dataDir, { recursive: true, force: true });
      dataDirs.delete(dataDir);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
