/**
 * Two of our tool's processes on one PostgreSQL behind a round-robin balancer, as compose.yaml
 * runs them: one DATA_DIR (the secret and the uploads), one PUBLIC_URL (the balancer's), the
 * platform registered by both. The second starts once the first has migrated the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakePlatform } from '../harness/fake-platform.ts';
import { freePort } from '../harness/free-port.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.ts';
import { startToolProcess, type ToolProcess } from './tool-process.ts';

export interface ToolPair {
  /** The balancer: what platforms and users talk to. */
  readonly origin: string;
  readonly instances: readonly [ToolProcess, ToolProcess];
  readonly proxy: RoundRobinProxy;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startToolPair(
  name: string,
  platform: FakePlatform,
  options: {
    databaseUrl: string;
    env?: Record<string, string>;
    registration?: FakePlatform['registration'];
    /** The balancer's port, when a fake LMS must know the tool's address before it starts. */
    port?: number;
  },
): Promise<ToolPair> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `bench-${name}-`));
  const port = options.port ?? (await freePort());
  const publicUrl = `http://127.0.0.1:${port}`;
  const settings = {
    registration: options.registration ?? platform.registration,
    deploymentId: platform.deploymentId,
    databaseUrl: options.databaseUrl,
    publicUrl,
    dataDir,
    ...(options.env ? { env: options.env } : {}),
  };
  const script = path.join(import.meta.dirname, 'our-tool.ts');
  const started: ToolProcess[] = [];
  try {
    started.push(await startToolProcess(`${name}-a`, script, settings));
    started.push(await startToolProcess(`${name}-b`, script, settings));
    const proxy = await startRoundRobinProxy(
      port,
      started.map((instance) => instance.origin),
    );
    const instances = [started[0]!, started[1]!] as const;
    return {
      origin: proxy.origin,
      instances,
      proxy,
      dataDir,
      async stop() {
        await proxy.close();
        await Promise.all(instances.map((instance) => instance.stop()));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const instance of started) console.error(instance.logTail());
    await Promise.all(started.map((instance) => instance.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
