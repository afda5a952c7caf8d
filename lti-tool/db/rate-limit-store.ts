import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Sequelize } from 'sequelize';

/** The table every tool process shares on PostgreSQL (migrations/0001-baseline.ts makes it, in rate-limiter-flexible's shape). */
export const RATE_LIMIT_TABLE = 'rate_limits';

export interface CounterOptions {
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

/**
 * Where rate-limit counts live. SQLite is one process: in memory. PostgreSQL may be several
 * processes behind a load balancer: in the shared table, so a client cannot spread its attempts
 * over the replicas.
 */
export function rateLimitCounters(sequelize: Sequelize): (options: CounterOptions) => RateLimiterAbstract {
  if (sequelize.getDialect() !== 'postgres') return (options) => new RateLimiterMemory(options);
  return (options) =>
    new RateLimiterPostgres({
      ...options,
      storeClient: sequelize,
      storeType: 'sequelize',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      // Drops rows that expired an hour ago, every 5 minutes (an unref'd timer).
      clearExpiredByTimeout: true,
    });
}
