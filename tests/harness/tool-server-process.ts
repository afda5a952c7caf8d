/**
 * Starts the tool in child processes (`node --import tsx tool-server-child.ts`), so a test can
 * run several tool processes against one database, as a deployment with replicas does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './tool-server-child.ts';
import { freePort } from './free-port.ts';
import { TOOL_LOG_DIR_ENV } from './tool-logs.ts';

const CHILD = fileURLToPath(new URL('./tool-server-child.ts', import.meta.url));
const TIMEOUT_MS = 60_000;
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export interface ToolServerProcess {
  /** Where this process listens (its PUBLIC_URL may name another, shared, origin). */
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
  /** Sends a signal, as a platform stopping it would (SIGTERM) or the kernel (SIGKILL). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with its exit code (null when a signal ended it) once it has exited. */
  exited(): Promise<number | null>;
}

/**
 * The tool's configuration. DATA_DIR is required: processes sharing it share the secret.
 * PORT defaults to a free port, PUBLIC_URL to the process's own URL, NODE_ENV to `test`.
 */
export type ToolEnv = { DATA_DIR: string } & Record<string, string>;

interface Spawned {
  child: ChildProcess;
  loaded: Promise<void>;
  ready: Promise<string>;
  exited: Promise<void>;
}

async function spawnTool(env: ToolEnv): Promise<Spawned> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      // Its log joins the run's, searched at the end (tool-logs-global-setup.ts).
      ...(process.env[TOOL_LOG_DIR_ENV] ? { [TOOL_LOG_DIR_ENV]: process.env[TOOL_LOG_DIR_ENV] } : {}),
      PORT: port,
      PUBLIC_URL: `http://localhost:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  alive.add(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => alive.delete(child));

  const awaitMessage = <T>(type: ChildMessage['type'], value: (message: ChildMessage) => T) => {
    let timer: NodeJS.Timeout | undefined;
    return new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`tool process: no ${type} in 60 s\n${output}`)), TIMEOUT_MS);
      child.on('message', (message: ChildMessage) => {
        if (message.type === type) resolve(value(message));
        if (message.type === 'failed') reject(new Error(`tool process failed to start: ${message.message}`));
      });
      void exited.then(() => reject(new Error(`tool process exited before ${type}\n${output}`)));
    }).finally(() => clearTimeout(timer));
  };
  const loaded = awaitMessage('loaded', () => undefined);
  const ready = awaitMessage('ready', (message) => (message.type === 'ready' ? message.url : ''));
  // A failure is reported by whichever the caller awaits; do not leave the other unhandled.
  loaded.catch(() => {});
  ready.catch(() => {});
  return { child, loaded, ready, exited };
}

function handle({ child, exited }: Spawned, url: string): ToolServerProcess {
  return {
    url,
    pid: child.pid!,
    signal: (signal) => child.kill(signal),
    exited: async () => {
      await exited;
      return child.exitCode;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Loads every process first, then tells them all to start in the same instant, as when a
 * deployment starts its replicas together. Each result is the process or why it failed.
 */
export async function startToolServerProcesses(
  envs: readonly ToolEnv[],
): Promise<PromiseSettledResult<ToolServerProcess>[]> {
  const spawned = await Promise.all(envs.map(spawnTool));
  try {
    await Promise.all(spawned.map((tool) => tool.loaded));
  } catch (error) {
    for (const { child } of spawned) child.kill('SIGKILL');
    throw error;
  }
  for (const { child } of spawned) child.send({ type: 'go' } satisfies ParentMessage);
  return Promise.allSettled(
    spawned.map(async (tool) => {
      try {
        return handle(tool, await tool.ready);
      } catch (error) {
        tool.child.kill('SIGKILL');
        throw error;
      }
    }),
  );
}

export async function startToolServerProcess(env: ToolEnv): Promise<ToolServerProcess> {
  const [result] = await startToolServerProcesses([env]);
  if (result!.status === 'rejected') throw result!.reason;
  return result!.value;
}
