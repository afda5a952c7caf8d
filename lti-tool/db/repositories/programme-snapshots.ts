import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { ProgrammeSnapshotStore } from '../../programme/ports.ts';

/** The row that records when a tenant's snapshots were last cleared (its body is empty). */
const CLEARED = '#cleared';

/**
 * Drops the tenants' snapshots and marks when, so a computation begun before this cannot store
 * its figures after it. Shared with erasure (db/repositories/privacy.ts), which runs it in its
 * own transaction. Returns how many snapshots went.
 */
export async function clearProgrammeSnapshots(
  sequelize: Sequelize,
  tenants: readonly string[],
  now: Date,
  transaction?: Transaction,
): Promise<number> {
  if (tenants.length === 0) return 0;
  const options = transaction ? { transaction } : {};
  const gone = await sequelize.query(
    `DELETE FROM "programme_snapshots" WHERE "tenant" IN (:tenants) AND "key" <> '${CLEARED}' RETURNING 1 AS "gone"`,
    { replacements: { tenants: [...tenants] }, type: QueryTypes.SELECT, ...options },
  );
  for (const tenant of tenants) {
    await sequelize.query(
      `INSERT INTO "programme_snapshots" ("tenant", "key", "body", "computedAt") VALUES (:tenant, '${CLEARED}', '', :now)
         ON CONFLICT ("tenant", "key") DO UPDATE SET "computedAt" = excluded."computedAt"`,
      { replacements: { tenant, now }, ...options },
    );
  }
  return gone.length;
}

export function createProgrammeSnapshotRepository(sequelize: Sequelize): ProgrammeSnapshotStore {
  return {
    async snapshot(tenant, key) {
      const [row] = await sequelize.query<{ body: string; computedAt: unknown }>(
        `SELECT "body", "computedAt" FROM "programme_snapshots" WHERE "tenant" = :tenant AND "key" = :key`,
        { replacements: { tenant, key }, type: QueryTypes.SELECT },
      );
      if (!row) return null;
      const computedAt = row.computedAt instanceof Date ? row.computedAt : new Date(String(row.computedAt));
      return { body: row.body, computedAt };
    },

    async putSnapshot(tenant, key, { body, computedAt }) {
      // One statement: the clear marker and a newer snapshot are both checked where the row is written.
      await sequelize.query(
        `INSERT INTO "programme_snapshots" ("tenant", "key", "body", "computedAt")
           SELECT :tenant, :key, :body, :computedAt
           WHERE NOT EXISTS (SELECT 1 FROM "programme_snapshots"
             WHERE "tenant" = :tenant AND "key" = '${CLEARED}' AND "computedAt" >= :computedAt)
           ON CONFLICT ("tenant", "key") DO UPDATE SET "body" = excluded."body", "computedAt" = excluded."computedAt"
             WHERE excluded."computedAt" > "programme_snapshots"."computedAt"`,
        { replacements: { tenant, key, body, computedAt } },
      );
    },

    async clearSnapshots(tenant, now) {
      await sequelize.transaction((transaction) =>
        clearProgrammeSnapshots(sequelize, [tenant], now, transaction),
      );
    },
  };
}
