/**
 * Vitest global setup for the `postgres` project: one PostgreSQL cluster for the whole run,
 * shared by every test file through COACHING_TEST_POSTGRES (tests/harness/postgres.ts).
 * Vitest runs it only when a test file of the project is queued, before any worker starts.
 */
import { SHARED_CLUSTER_ENV, startPostgresCluster } from './postgres.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  process.env[SHARED_CLUSTER_ENV] = cluster.adminUrl;
  return async () => {
    delete process.env[SHARED_CLUSTER_ENV];
    await cluster.stop();
  };
}
