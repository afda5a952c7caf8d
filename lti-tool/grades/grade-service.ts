import type { Activity } from '../activities/catalogue.ts';
import { findActivity } from '../activities/catalogue.ts';
import type { ResourceLinkRecord, ResourceLinkStore } from '../core/resource-links.ts';
import type { DbTransaction } from '../core/transaction.ts';
import { AgsError, type AgsClient } from '../lti/services/ags-client.ts';
import type { Logger } from '../core/logger.ts';
import type { GradeJob, GradeJobStore, PendingScore } from './ports.ts';
import { MAX_ATTEMPTS, nextScoreTimestamp, retryDelayMs } from './score-timing.ts';

/** Long enough for one send with its timeouts; a crashed sender's jobs come back after it. */
const SEND_LEASE_MS = 5 * 60 * 1000;

export interface GradeServiceDeps {
  links: ResourceLinkStore;
  jobs: GradeJobStore;
  ags: AgsClient;
  catalogue: readonly Activity[];
  /** The gradebook column's title for links the catalogue does not name (practice modules). */
  titleFor?: (link: ResourceLinkRecord) => Promise<string | null>;
  now: () => Date;
  logger: Logger;
}

export interface GradeEvent {
  /** Names the event (e.g. `round:<id>:submitted`): the same event is only ever sent once. */
  idempotencyKey: string;
  linkKey: string;
  contextKey: string;
  userId: string;
}

/**
 * Scores flow to the LMS through a durable queue: recorded at once, sent by processDue(),
 * retried with backoff on outages, marked failed (and shown to the coach) when the
 * platform refuses them or retries run out.
 */
export function createGradeService(deps: GradeServiceDeps) {
  async function enqueue(
    event: GradeEvent,
    score: PendingScore,
    transaction?: DbTransaction,
  ): Promise<boolean> {
    return deps.jobs.enqueue({ ...event, score }, deps.now(), transaction);
  }

  async function send(job: GradeJob): Promise<void> {
    const link = await deps.links.get(job.linkKey);
    if (!link) throw new AgsError('The activity is no longer known.', false);
    const activity = findActivity(link.activity, deps.catalogue);
    const title = activity?.title ?? (await deps.titleFor?.(link)) ?? link.activity;
    const lineItemUrl = await deps.ags.lineItemFor(link, {
      id: link.activity,
      title,
      scoreMaximum: job.score.scoreMaximum,
    });
    if (lineItemUrl !== link.lineItemUrl) await deps.links.setLineItemUrl(link.key, lineItemUrl);
    const timestamp = nextScoreTimestamp(
      await deps.jobs.lastSentTimestamp(job.linkKey, job.userId),
      deps.now(),
    );
    await deps.ags.postScore(link, lineItemUrl, {
      userId: job.userId,
      // Moodle drops scoreGiven unless FullyGraded; Canvas wants scoreMaximum beside it.
      ...(job.score.gradingProgress === 'FullyGraded' && job.score.scoreGiven !== null
        ? { scoreGiven: job.score.scoreGiven }
        : {}),
      scoreMaximum: job.score.scoreMaximum,
      activityProgress: job.score.activityProgress,
      gradingProgress: job.score.gradingProgress,
      timestamp,
      ...(job.score.comment ? { comment: job.score.comment } : {}),
    });
    await deps.jobs.markSent(job, timestamp);
  }

  return {
    /** A trainee submitted: the gradebook shows it awaiting the coach. */
    recordSubmission: (event: GradeEvent, scoreMaximum: number, transaction?: DbTransaction) =>
      enqueue(
        event,
        {
          scoreGiven: null,
          scoreMaximum,
          activityProgress: 'Submitted',
          gradingProgress: 'PendingManual',
          comment: null,
        },
        transaction,
      ),

    /** A coach reviewed: the score is final. */
    recordReview: (
      event: GradeEvent,
      score: { given: number; maximum: number; comment?: string },
      transaction?: DbTransaction,
    ) =>
      enqueue(
        event,
        {
          scoreGiven: score.given,
          scoreMaximum: score.maximum,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          comment: score.comment ?? null,
        },
        transaction,
      ),

    async processDue(): Promise<{ sent: number; retrying: number; failed: number }> {
      const counts = { sent: 0, retrying: 0, failed: 0 };
      for (const job of await deps.jobs.claimDue(deps.now(), SEND_LEASE_MS)) {
        try {
          await send(job);
          counts.sent += 1;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const retriable = !(error instanceof AgsError) || error.retriable;
          if (retriable && job.attempts + 1 < MAX_ATTEMPTS) {
            await deps.jobs.markRetry(
              job,
              new Date(deps.now().getTime() + retryDelayMs(job.attempts)),
              message,
            );
            counts.retrying += 1;
          } else {
            await deps.jobs.markFailed(job, message);
            deps.logger.error('score not delivered', { jobId: job.id, error: message });
            counts.failed += 1;
          }
        }
      }
      return counts;
    },

    /** A page of the course's scores that failed for good, most recently failed first. */
    failedIn: (contextKey: string, page: Parameters<GradeJobStore['failedIn']>[1]) =>
      deps.jobs.failedIn(contextKey, page),

    /** Sends due scores every few seconds until aborted; one run at a time. */
    start(signal: AbortSignal, everyMs = 5000): void {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        this.processDue()
          .catch((error: unknown) => deps.logger.error('grade queue run failed', { error }))
          .finally(() => (running = false));
      }, everyMs);
      timer.unref();
      signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    },
  };
}
export type GradeService = ReturnType<typeof createGradeService>;
