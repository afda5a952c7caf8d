import { randomUUID } from 'node:crypto';
import { literal, Op, UniqueConstraintError } from 'sequelize';
import type { GradeJob, GradeJobStore } from '../../grades/ports.ts';
import { olderThan, pageOfRows, type OlderThan } from '../keyset.ts';
import type { GradeJobRow, Models } from '../models.ts';
import { sequelizeTransaction, type DbTransaction } from '../transaction.ts';

/** The grade outbox, and a job found by its idempotency key (what tests and operators look up). */
export interface GradeJobRepository extends GradeJobStore {
  byKey(idempotencyKey: string): Promise<GradeJob | null>;
}

export function createGradeJobRepository(models: Models): GradeJobRepository {
  const toJob = (row: GradeJobRow): GradeJob => row.get();
  return {
    /** False when a job with this key exists already: the same event never produces two scores. */
    async enqueue(
      job: Pick<GradeJob, 'idempotencyKey' | 'linkKey' | 'contextKey' | 'userId' | 'score' | 'requestId'>,
      now: Date,
      /** Write in this transaction: the score commits with the round or feedback it is for. */
      transaction?: DbTransaction,
    ) {
      try {
        await models.GradeJob.create(
          { ...job, id: randomUUID(), status: 'pending', attempts: 0, nextAttemptAt: now },
          { transaction: sequelizeTransaction(transaction) },
        );
        return true;
      } catch (error) {
        if (error instanceof UniqueConstraintError) return false;
        throw error;
      }
    },
    /**
     * Due jobs, each claimed for `leaseMs` by a conditional update: two workers (or two
     * processes) never send the same job at once. A crashed sender's lease simply expires.
     */
    async claimDue(now: Date, leaseMs: number, limit = 20): Promise<GradeJob[]> {
      const rows = await models.GradeJob.findAll({
        where: {
          status: 'pending',
          nextAttemptAt: { [Op.lte]: now },
          // The user's oldest pending job on the link (its scores go in order, one at a time).
          [Op.and]: literal(
            `NOT EXISTS (SELECT 1 FROM "grade_jobs" AS "earlier" WHERE "earlier"."linkKey" = "grade_job"."linkKey"
               AND "earlier"."userId" = "grade_job"."userId" AND "earlier"."status" = 'pending'
               AND ("earlier"."createdAt" < "grade_job"."createdAt"
                 OR ("earlier"."createdAt" = "grade_job"."createdAt" AND "earlier"."id" < "grade_job"."id")))`,
          ),
        },
        order: [
          ['createdAt', 'ASC'],
          ['id', 'ASC'],
        ],
        limit,
      });
      const claimed: GradeJob[] = [];
      for (const row of rows) {
        const job = toJob(row);
        const [updated] = await models.GradeJob.update(
          { nextAttemptAt: new Date(now.getTime() + leaseMs) },
          { where: { id: job.id, status: 'pending', nextAttemptAt: job.nextAttemptAt } },
        );
        if (updated === 1) claimed.push(job);
      }
      return claimed;
    },
    /** The timestamp of the last score sent for this user on this link (LMSs need them increasing). */
    async lastSentTimestamp(linkKey: string, userId: string): Promise<string | null> {
      const rows = await models.GradeJob.findAll({ where: { linkKey, userId, status: 'sent' } });
      const stamps = rows.map((row) => toJob(row).score.sentTimestamp).filter((t): t is string => !!t);
      return stamps.sort().at(-1) ?? null;
    },
    async markAttempt(job: GradeJob, attemptTimestamp: string): Promise<void> {
      await models.GradeJob.update(
        { score: { ...job.score, attemptTimestamp } },
        { where: { id: job.id, status: 'pending' } },
      );
    },
    async markSent(job: GradeJob, sentTimestamp: string): Promise<void> {
      await models.GradeJob.update(
        {
          status: 'sent',
          attempts: job.attempts + 1,
          score: { ...job.score, sentTimestamp },
          lastError: null,
        },
        { where: { id: job.id } },
      );
    },
    async markRetry(job: GradeJob, nextAttemptAt: Date, error: string): Promise<void> {
      await models.GradeJob.update(
        { attempts: job.attempts + 1, nextAttemptAt, lastError: error },
        { where: { id: job.id } },
      );
    },
    async markFailed(job: GradeJob, error: string): Promise<void> {
      await models.GradeJob.update(
        { status: 'failed', attempts: job.attempts + 1, lastError: error },
        { where: { id: job.id } },
      );
    },
    async queueStats() {
      const [pending, oldest] = await Promise.all([
        models.GradeJob.count({ where: { status: 'pending' } }),
        models.GradeJob.min<Date | string | null, GradeJobRow>('createdAt', { where: { status: 'pending' } }),
      ]);
      return { pending, oldestQueuedAt: oldest ? new Date(oldest) : null };
    },
    async release(jobs: readonly GradeJob[], now: Date): Promise<void> {
      if (jobs.length === 0) return;
      // Only still pending: one sent meanwhile stays sent.
      await models.GradeJob.update(
        { nextAttemptAt: now },
        { where: { id: { [Op.in]: jobs.map((job) => job.id) }, status: 'pending' } },
      );
    },
    /** A course's jobs that failed for good, most recently failed first, `limit` after `before`. */
    async failedIn(
      contextKey: string,
      page: { limit: number; before: OlderThan | null },
    ): Promise<{ items: (GradeJob & { updatedAt: string })[]; more: boolean }> {
      const rows = await models.GradeJob.findAll({
        where: { [Op.and]: [{ contextKey, status: 'failed' }, olderThan('updatedAt', page.before)] },
        order: [
          ['updatedAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: page.limit + 1,
      });
      const { items, more } = pageOfRows(rows, page.limit);
      return {
        items: items.map((row) => ({
          ...toJob(row),
          updatedAt: row.updatedAt.toISOString(),
        })),
        more,
      };
    },
    async byKey(idempotencyKey: string): Promise<GradeJob | null> {
      const row = await models.GradeJob.findOne({ where: { idempotencyKey } });
      return row ? toJob(row) : null;
    },
  };
}
