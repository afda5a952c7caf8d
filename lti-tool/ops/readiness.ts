import { describeError, type Logger } from '../core/logger.ts';

export const READINESS_CHECKS = ['database', 'migrations', 'keys'] as const;
type Check = (typeof READINESS_CHECKS)[number];

export interface ReadinessDeps {
  /** The database answers a query. */
  ping(): Promise<void>;
  /** Migrations of this release not yet run on the database. */
  pendingMigrations(): Promise<string[]>;
  /** The tool's secret opens its signing keys (a database restored with another secret does not). */
  keysLoaded(): Promise<void>;
  /** True once the process has begun to stop: the load balancer should send nothing more. */
  stopping(): boolean;
  logger: Logger;
  timeoutMs?: number;
}

export interface Readiness {
  status: 'ready' | 'not ready' | 'stopping';
  checks: Record<Check, 'ok' | 'failing'>;
}

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether this process should be sent requests (`/readyz`): each check bounded in time, so a hung
 * database makes the answer "not ready" rather than no answer. Which check failed is said; why is
 * logged, not answered (the probe is public).
 */
export async function readiness(deps: ReadinessDeps): Promise<Readiness> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const runs: Record<Check, () => Promise<void>> = {
    database: () => deps.ping(),
    migrations: async () => {
      const pending = await deps.pendingMigrations();
      if (pending.length) throw new Error(`migrations not run: ${pending.join(', ')}`);
    },
    keys: () => deps.keysLoaded(),
  };
  const results = await Promise.all(
    READINESS_CHECKS.map(async (check) => {
      try {
        await within(runs[check](), timeoutMs, check);
        return [check, 'ok'] as const;
      } catch (error) {
        deps.logger.error('readiness check failing', { check, error: describeError(error) });
        return [check, 'failing'] as const;
      }
    }),
  );
  const checks = Object.fromEntries(results) as Readiness['checks'];
  const status = deps.stopping()
    ? 'stopping'
    : results.every(([, result]) => result === 'ok')
      ? 'ready'
      : 'not ready';
  return { status, checks };
}
