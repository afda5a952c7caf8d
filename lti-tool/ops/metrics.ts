import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
/** What the database connection pool holds now (db/database.ts reads it from Sequelize's pool). */
export interface PoolUse {
  size: number;
  using: number;
  available: number;
  waiting: number;
}

/** What the metrics read when scraped, rather than count as it happens. */
export interface MetricSources {
  /** Scores waiting for the LMS gradebook, and the age of the oldest (seconds; 0 when none). */
  gradeQueue(): Promise<{ pending: number; oldestAgeSeconds: number }>;
  /** The database pool; null on SQLite (one connection, no pool). */
  pool(): PoolUse | null;
}

/**
 * The tool's Prometheus metrics (README "Operations" says what each means). One registry per
 * server, so several in one process (the tests) keep their own counts.
 */
export function createMetrics(sources: MetricSources) {
  const registry = new Registry();
  const registers = [registry];
  // Process and Node.js runtime: CPU, memory, handles, event-loop lag (nodejs_eventloop_lag_*).
  collectDefaultMetrics({ register: registry });

  const launches = new Counter({
    name: 'coaching_launches_total',
    help: 'LTI launches by outcome: ok, or the reason one was refused (launch-error.ts).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'coaching_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const platformRequests = new Counter({
    name: 'coaching_platform_requests_total',
    help: 'Calls to LMS platforms by purpose (jwks, token, ags, nrps, registration) and outcome.',
    labelNames: ['purpose', 'outcome'] as const,
    registers,
  });
  const syncPulls = new Counter({
    name: 'coaching_sync_pulls_total',
    help: 'Pulls of action steps by paired browser extensions and pages.',
    registers,
  });
  const syncChanges = new Counter({
    name: 'coaching_sync_changes_total',
    help: 'Changes pushed from offline outboxes, by result: applied, duplicate, rejected (a conflict).',
    labelNames: ['result'] as const,
    registers,
  });
  new Gauge({
    name: 'coaching_grade_queue_pending',
    help: 'Scores waiting to be sent to LMS gradebooks.',
    registers,
    async collect() {
      this.set((await sources.gradeQueue()).pending);
    },
  });
  new Gauge({
    name: 'coaching_grade_queue_oldest_age_seconds',
    help: 'Age of the oldest score still waiting (0 when none): growing means the LMS is not taking them.',
    registers,
    async collect() {
      this.set((await sources.gradeQueue()).oldestAgeSeconds);
    },
  });
  new Gauge({
    name: 'coaching_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL; absent on SQLite): using, available, waiting.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const pool = sources.pool();
      if (!pool) return;
      this.set({ state: 'using' }, pool.using);
      this.set({ state: 'available' }, pool.available);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });

  return {
    registry,
    launch: (outcome: string) => launches.inc({ outcome }),
    request: (method: string, route: string, status: number, seconds: number) =>
      requestSeconds.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds),
    platformRequest: (purpose: string, outcome: string) => platformRequests.inc({ purpose, outcome }),
    syncPull: () => syncPulls.inc(),
    syncChanges: (results: readonly { status: string }[]) => {
      for (const { status } of results) syncChanges.inc({ result: status });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
