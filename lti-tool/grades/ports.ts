import type { OlderThan } from '../core/keyset.ts';
import type { DbTransaction } from '../core/transaction.ts';

/** What goes to the LMS gradebook (LTI AGS score), minus the timestamp, set at sending. */
export interface PendingScore {
  scoreGiven: number | null;
  scoreMaximum: number;
  activityProgress: 'Submitted' | 'Completed';
  gradingProgress: 'PendingManual' | 'FullyGraded';
  comment: string | null;
}

/** One score on its way to the LMS: sent, waiting for a retry, or failed for good. */
export interface GradeJob {
  id: string;
  idempotencyKey: string;
  linkKey: string;
  contextKey: string;
  userId: string;
  /**
   * `attemptTimestamp`: the timestamp chosen for this score before it was first posted, kept so
   * that a re-send (after a crash or a retry) carries the same one; `sentTimestamp` once sent.
   */
  score: PendingScore & { sentTimestamp?: string; attemptTimestamp?: string };
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  /** The request it was queued in, for its log lines (null when queued outside a request). */
  requestId: string | null;
}

/** The grade outbox (implemented by db/repositories/grade-jobs.ts). */
export interface GradeJobStore {
  /**
   * False when a job with this key exists already: the same event never produces two scores.
   * With a transaction, the job commits with the round or feedback it is for.
   */
  enqueue(
    job: Pick<GradeJob, 'idempotencyKey' | 'linkKey' | 'contextKey' | 'userId' | 'score' | 'requestId'>,
    now: Date,
    transaction?: DbTransaction,
  ): Promise<boolean>;
  /**
   * Due jobs, each claimed for `leaseMs`: two senders (or two processes) never send one job at
   * once. Only a user's oldest pending job on a link is claimable, so a user's scores reach the
   * LMS in the order they happened (a retried Submitted never lands after its FullyGraded) and
   * two processes never race for a user's next timestamp.
   */
  claimDue(now: Date, leaseMs: number): Promise<GradeJob[]>;
  /** Keeps the timestamp a score is about to be posted with, before it is posted. */
  markAttempt(job: GradeJob, attemptTimestamp: string): Promise<void>;
  /** The timestamp of the last score sent for this user on this link (LMSs need them increasing). */
  lastSentTimestamp(linkKey: string, userId: string): Promise<string | null>;
  markSent(job: GradeJob, sentTimestamp: string): Promise<void>;
  markRetry(job: GradeJob, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(job: GradeJob, error: string): Promise<void>;
  /** Scores waiting (pending, claimed or not), and when the oldest was queued (for /metrics). */
  queueStats(): Promise<{ pending: number; oldestQueuedAt: Date | null }>;
  /** Gives claimed jobs back, due now (a process stopping before it sent them). */
  release(jobs: readonly GradeJob[], now: Date): Promise<void>;
  /** A course's jobs that failed for good, most recently failed first, `limit` after `before`. */
  failedIn(
    contextKey: string,
    page: { limit: number; before: OlderThan | null },
  ): Promise<{ items: (GradeJob & { updatedAt: string })[]; more: boolean }>;
}
