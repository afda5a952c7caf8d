import type { Sequelize, Transaction } from 'sequelize';
import type { DbTransaction } from '../core/transaction.ts';

export type { DbTransaction };

export const asDbTransaction = (transaction: Transaction) => transaction as unknown as DbTransaction;
export const sequelizeTransaction = (transaction: DbTransaction | undefined) =>
  transaction as unknown as Transaction | undefined;

/**
 * Runs `work` in one transaction: everything it writes commits together or not at all. On SQLite
 * it waits its turn to write first and begins IMMEDIATE (sqlite-writer.ts).
 */
export function inTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>) {
  return sequelize.transaction(work);
}

/** Any constant every tool process shares: it names the lock family below, it is not a secret. */
const ROW_GROUP_LOCK = 72_410_003;

/**
 * PostgreSQL: makes transactions touching the same group of rows (e.g. one trainee's rounds on
 * one activity) take turns until commit. SQLite needs nothing: it has one writer at a time.
 */
export async function lockRowGroup(sequelize: Sequelize, transaction: Transaction, group: string) {
  if (sequelize.getDialect() !== 'postgres') return;
  await sequelize.query('SELECT pg_advisory_xact_lock(:family, hashtext(:group))', {
    replacements: { family: ROW_GROUP_LOCK, group },
    transaction,
  });
}
